WITH multiIf(EventName = {p1:String}, ifNotFinite(toFloat64OrNull(Prop0), NULL), EventName = {p2:String}, ifNotFinite(toFloat64OrNull(Prop5), NULL), EventName = {p3:String}, ifNotFinite(toFloat64OrNull(Prop7), NULL), NULL) AS __r0
SELECT sumOrNull(if(`Source` = {p0:String}, __r0, 0)) + avgOrNull(nullIf(__r0, 0)) AS value
FROM `events`
WHERE ProductID = {tenant:String}
  AND `Time` >= {from:DateTime64(3, 'UTC')}
  AND `Time` < {to:DateTime64(3, 'UTC')}
