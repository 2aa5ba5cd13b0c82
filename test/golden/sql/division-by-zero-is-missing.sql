SELECT sumOrNull(multiIf(EventName = {p0:String}, ifNotFinite(toFloat64OrNull(Prop0), NULL), EventName = {p1:String}, ifNotFinite(toFloat64OrNull(Prop5), NULL), EventName = {p2:String}, ifNotFinite(toFloat64OrNull(Prop7), NULL), NULL)) / nullIf(countIf(`Source` = {p3:String}), 0) + ifNotFinite(sqrt(-1 * count()), NULL) AS value
FROM `events`
WHERE ProductID = {tenant:String}
  AND `Time` >= {from:DateTime64(3, 'UTC')}
  AND `Time` < {to:DateTime64(3, 'UTC')}
