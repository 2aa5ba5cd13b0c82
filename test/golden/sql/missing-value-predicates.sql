WITH multiIf(EventName = {p0:String}, ifNotFinite(toFloat64OrNull(Prop0), NULL), EventName = {p1:String}, ifNotFinite(toFloat64OrNull(Prop5), NULL), EventName = {p2:String}, ifNotFinite(toFloat64OrNull(Prop7), NULL), NULL) AS __r0,
  multiIf(EventName IN {p3:Array(String)}, nullIf(Prop2, ''), EventName = {p4:String}, nullIf(Prop3, ''), NULL) AS __r1
SELECT countIf(isNull(__r0)) * 1000000 + count(__r0) * 10000 + countIf(NOT ifNull(__r0 > 100, 0)) + countIf(ifNull(__r0 NOT BETWEEN 10 AND 50, 1)) + countIf(ifNull(__r1 NOT IN {p5:Array(String)}, 1)) + countIf(ifNull(__r1 NOT LIKE {p6:String}, 1)) + countIf(ifNull(__r1 ILIKE {p7:String}, 0)) AS value
FROM `events`
WHERE ProductID = {tenant:String}
  AND `Time` >= {from:DateTime64(3, 'UTC')}
  AND `Time` < {to:DateTime64(3, 'UTC')}
