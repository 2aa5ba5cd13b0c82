SELECT bucket, countMerge(__s0) OVER __w0 AS value
FROM (
  SELECT toDateTime(toStartOfWeek(`Time`, 1, {tz:String}), {tz:String}) AS bucket, countState() AS __s0
  FROM `events`
  WHERE ProductID = {tenant:String}
    AND `Time` >= {from:DateTime64(3, 'UTC')}
    AND `Time` < {to:DateTime64(3, 'UTC')}
    AND EventName = {p0:String}
  GROUP BY bucket
  ORDER BY bucket WITH FILL FROM toDateTime(toStartOfWeek({from:DateTime64(3, 'UTC')}, 1, {tz:String}), {tz:String}) TO toDateTime({to:DateTime64(3, 'UTC')}, {tz:String}) STEP INTERVAL 1 WEEK
)
WINDOW __w0 AS (ORDER BY bucket ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
ORDER BY bucket
