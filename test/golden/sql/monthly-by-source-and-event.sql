SELECT toDateTime(toStartOfMonth(`Time`, {tz:String}), {tz:String}) AS bucket, `Source` AS `source`, EventName AS `event`, count() AS value
FROM `events`
WHERE ProductID = {tenant:String}
  AND `Time` >= {from:DateTime64(3, 'UTC')}
  AND `Time` < {to:DateTime64(3, 'UTC')}
GROUP BY bucket, `source`, `event`
ORDER BY bucket, `source`, `event`
