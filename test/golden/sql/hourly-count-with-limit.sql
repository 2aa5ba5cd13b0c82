SELECT toStartOfHour(`Time`, {tz:String}) AS bucket, count() AS value
FROM `events`
WHERE ProductID = {tenant:String}
  AND `Time` >= {from:DateTime64(3, 'UTC')}
  AND `Time` < {to:DateTime64(3, 'UTC')}
GROUP BY bucket
ORDER BY bucket
LIMIT 5
