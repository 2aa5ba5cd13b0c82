SELECT toDateTime(toStartOfMonth(`Time`, {tz:String}), {tz:String}) AS bucket, `Source` AS `__g0`, EventName AS `event`, count() AS value
FROM `events`
WHERE ProductID = {tenant:String}
  AND `Time` >= {from:DateTime64(3, 'UTC')}
  AND `Time` < {to:DateTime64(3, 'UTC')}
GROUP BY bucket, `__g0`, `event`
ORDER BY bucket, `__g0`, `event`
