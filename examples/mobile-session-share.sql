SELECT toDateTime(toStartOfWeek(`Time`, 1, {tz:String}), {tz:String}) AS bucket, countIf(ifNull(nullIf(Prop0, '') IN {p0:Array(String)}, 0)) / nullIf(count(), 0) AS value
FROM `events`
WHERE ProductID = {tenant:String}
  AND `Time` >= {from:DateTime64(3, 'UTC')}
  AND `Time` < {to:DateTime64(3, 'UTC')}
  AND EventName = {p1:String}
GROUP BY bucket
ORDER BY bucket
