SELECT toDateTime(bucket, {tz:String}) AS bucket, `value`
FROM (
  SELECT bucket, value
  FROM (
    SELECT toStartOfMonth(`Time`, {tz:String}) AS bucket, countIf(EventName = {p0:String}) / nullIf(countIf(EventName = {p1:String}), 0) AS value
    FROM `events`
    WHERE ProductID = {tenant:String}
      AND `Time` >= {from:DateTime64(3, 'UTC')}
      AND `Time` < {to:DateTime64(3, 'UTC')}
      AND EventName IN {p2:Array(String)}
    GROUP BY bucket
  )
  ORDER BY bucket WITH FILL FROM toStartOfMonth({from:DateTime64(3, 'UTC')}, {tz:String}) TO toStartOfMonth({to:DateTime64(3, 'UTC')} - INTERVAL 1 MILLISECOND, {tz:String}) + INTERVAL 1 MONTH STEP INTERVAL 1 MONTH INTERPOLATE (value AS (SELECT 0 / nullIf(0, 0)))
)
ORDER BY bucket
