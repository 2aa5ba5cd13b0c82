SELECT toDateTime(toStartOfWeek(`Time`, 1, {tz:String}), {tz:String}) AS bucket, countIf(isNotNull(nullIf(Prop4, ''))) / nullIf(count(), 0) AS value
FROM `events`
WHERE ProductID = {tenant:String}
  AND `Time` >= {from:DateTime64(3, 'UTC')}
  AND `Time` < {to:DateTime64(3, 'UTC')}
  AND EventName = {p0:String}
GROUP BY bucket
ORDER BY bucket
