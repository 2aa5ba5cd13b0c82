SELECT toStartOfDay(`Time`, {tz:String}) AS bucket, sumOrNull(ifNotFinite(toFloat64OrNull(Prop0), NULL)) / nullIf(uniqExact(UserRefID), 0) AS value
FROM `events`
WHERE ProductID = {tenant:String}
  AND `Time` >= {from:DateTime64(3, 'UTC')}
  AND `Time` < {to:DateTime64(3, 'UTC')}
  AND EventName = {p0:String}
GROUP BY bucket
ORDER BY bucket
