SELECT toDateTime(bucket, {tz:String}) AS bucket, `value`
FROM (
  SELECT bucket, countMerge(__s0) OVER __w0 AS value
  FROM (
    SELECT toStartOfWeek(`Time`, 1, {tz:String}) AS bucket, countState() AS __s0
    FROM `events`
    WHERE ProductID = {tenant:String}
      AND `Time` >= {from:DateTime64(3, 'UTC')}
      AND `Time` < {to:DateTime64(3, 'UTC')}
      AND EventName = {p0:String}
    GROUP BY bucket
    ORDER BY bucket WITH FILL FROM toStartOfWeek({from:DateTime64(3, 'UTC')}, 1, {tz:String}) TO toStartOfWeek({to:DateTime64(3, 'UTC')} - INTERVAL 1 MILLISECOND, 1, {tz:String}) + INTERVAL 1 WEEK STEP INTERVAL 1 WEEK
  )
  WINDOW __w0 AS (ORDER BY bucket ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
  ORDER BY bucket
)
ORDER BY bucket
