SELECT toDateTime(toStartOfWeek(`Time`, 1, {tz:String}), {tz:String}) AS bucket, sumOrNullIf(ifNotFinite(toFloat64OrNull(Prop0), NULL), EventName = {p0:String}) / nullIf(uniqExact(UserRefID), 0) AS value
FROM `events`
WHERE ProductID = {tenant:String}
  AND `Time` >= {from:DateTime64(3, 'UTC')}
  AND `Time` < {to:DateTime64(3, 'UTC')}
GROUP BY bucket
ORDER BY bucket
