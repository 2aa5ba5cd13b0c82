SELECT toDateTime(toStartOfMonth(`Time`, {tz:String}), {tz:String}) AS bucket, nullIf(Prop2, '') AS `plan`, sumOrNull(ifNotFinite(toFloat64OrNull(Prop0), NULL)) AS value
FROM `events`
WHERE ProductID = {tenant:String}
  AND `Time` >= {from:DateTime64(3, 'UTC')}
  AND `Time` < {to:DateTime64(3, 'UTC')}
  AND EventName = {p0:String}
GROUP BY bucket, `plan`
ORDER BY bucket, `plan`
