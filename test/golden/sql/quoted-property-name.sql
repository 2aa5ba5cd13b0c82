SELECT sumOrNull(if(EventName = {p0:String}, ifNotFinite(toFloat64OrNull(Prop8), NULL), NULL)) / nullIf(count(), 0) AS value
FROM `events`
WHERE ProductID = {tenant:String}
  AND `Time` >= {from:DateTime64(3, 'UTC')}
  AND `Time` < {to:DateTime64(3, 'UTC')}
