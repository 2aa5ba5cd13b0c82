WITH multiIf(EventName = {p0:String}, ifNotFinite(toFloat64OrNull(Prop0), NULL), EventName = {p1:String}, ifNotFinite(toFloat64OrNull(Prop5), NULL), ifNotFinite(toFloat64OrNull(Prop7), NULL)) AS __r0
SELECT sumOrNullIf(__r0, `Source` = {p2:String}) + avgOrNullIf(__r0, ifNull(if(EventName = {p0:String}, accurateCastOrNull(Prop4, 'Bool'), NULL), false)) AS value
FROM `events`
WHERE ProductID = {tenant:String}
  AND `Time` >= {from:DateTime64(3, 'UTC')}
  AND `Time` < {to:DateTime64(3, 'UTC')}
  AND EventName IN {p3:Array(String)}
