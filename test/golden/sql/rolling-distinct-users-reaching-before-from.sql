SELECT toDateTime(bucket, {tz:String}) AS bucket, `value`
FROM (
  SELECT bucket, uniqExactMerge(__s0) OVER __w0 AS value
  FROM (
    SELECT toDate(`Time`, {tz:String}) AS bucket, uniqExactState(UserRefID) AS __s0
    FROM `events`
    WHERE ProductID = {tenant:String}
      AND `Time` >= toDateTime(toDate({from:DateTime64(3, 'UTC')}, {tz:String}) - INTERVAL 2 DAY, {tz:String})
      AND `Time` < {to:DateTime64(3, 'UTC')}
    GROUP BY bucket
    ORDER BY bucket WITH FILL FROM toDate({from:DateTime64(3, 'UTC')}, {tz:String}) - INTERVAL 2 DAY TO toDate({to:DateTime64(3, 'UTC')} - INTERVAL 1 MILLISECOND, {tz:String}) + INTERVAL 1 DAY STEP INTERVAL 1 DAY
  )
  WINDOW __w0 AS (ORDER BY bucket ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)
  QUALIFY bucket >= toDate({from:DateTime64(3, 'UTC')}, {tz:String})
  ORDER BY bucket
)
ORDER BY bucket
