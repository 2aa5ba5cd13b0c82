WITH multiIf(EventName = {p0:String}, ifNotFinite(toFloat64OrNull(Prop0), NULL), EventName = {p1:String}, ifNotFinite(toFloat64OrNull(Prop5), NULL), EventName = {p2:String}, ifNotFinite(toFloat64OrNull(Prop7), NULL), NULL) AS __r0
SELECT greatest(toFloat64(uniqExact(UserRefID)), avgOrNull(__r0)) + coalesce(toFloat64(countIf(`Source` = {p3:String})), avgOrNull(__r0)) + if(count() > 0, toFloat64(count()), avgOrNull(__r0)) * 0 AS value
FROM `events`
WHERE ProductID = {tenant:String}
  AND `Time` >= {from:DateTime64(3, 'UTC')}
  AND `Time` < {to:DateTime64(3, 'UTC')}
