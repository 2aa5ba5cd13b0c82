SELECT bucket, value
FROM (
  SELECT toStartOfHour(`Time`, {tz:String}) AS bucket, count() AS value
  FROM `events`
  WHERE ProductID = {tenant:String}
    AND `Time` >= {from:DateTime64(3, 'UTC')}
    AND `Time` < {to:DateTime64(3, 'UTC')}
  GROUP BY bucket
)
ORDER BY bucket WITH FILL FROM toStartOfHour({from:DateTime64(3, 'UTC')}, {tz:String}) TO toDateTime({to:DateTime64(3, 'UTC')}, {tz:String}) STEP INTERVAL 1 HOUR INTERPOLATE (value AS (SELECT 0))
LIMIT 5
