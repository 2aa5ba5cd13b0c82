SELECT bucket, value
FROM (
  SELECT toDateTime(toStartOfMonth(`Time`, {tz:String}), {tz:String}) AS bucket, countIf(EventName = {p0:String}) / nullIf(countIf(EventName = {p1:String}), 0) AS value
  FROM `events`
  WHERE ProductID = {tenant:String}
    AND `Time` >= {from:DateTime64(3, 'UTC')}
    AND `Time` < {to:DateTime64(3, 'UTC')}
    AND EventName IN {p2:Array(String)}
  GROUP BY bucket
)
ORDER BY bucket WITH FILL FROM toDateTime(toStartOfMonth({from:DateTime64(3, 'UTC')}, {tz:String}), {tz:String}) TO toDateTime({to:DateTime64(3, 'UTC')}, {tz:String}) STEP INTERVAL 1 MONTH INTERPOLATE (value AS (SELECT 0 / nullIf(0, 0)))
