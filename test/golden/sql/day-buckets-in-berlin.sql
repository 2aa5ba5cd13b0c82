SELECT bucket, value
FROM (
  SELECT toStartOfDay(`Time`, {tz:String}) AS bucket, uniqExact(UserRefID) AS value
  FROM `events`
  WHERE ProductID = {tenant:String}
    AND `Time` >= {from:DateTime64(3, 'UTC')}
    AND `Time` < {to:DateTime64(3, 'UTC')}
    AND EventName = {p0:String}
  GROUP BY bucket
)
ORDER BY bucket WITH FILL FROM toStartOfDay({from:DateTime64(3, 'UTC')}, {tz:String}) TO toDateTime({to:DateTime64(3, 'UTC')}, {tz:String}) STEP INTERVAL 1 DAY INTERPOLATE (value AS (SELECT 0))
