SELECT if(EventName IN {p0:Array(String)}, nullIf(Prop2, ''), NULL) AS `country`, sumOrNull(multiIf(EventName = {p1:String}, ifNotFinite(toFloat64OrNull(Prop0), NULL), EventName = {p2:String}, ifNotFinite(toFloat64OrNull(Prop5), NULL), ifNotFinite(toFloat64OrNull(Prop7), NULL))) AS value
FROM `events`
WHERE ProductID = {tenant:String}
  AND `Time` >= {from:DateTime64(3, 'UTC')}
  AND `Time` < {to:DateTime64(3, 'UTC')}
  AND EventName IN {p3:Array(String)}
GROUP BY `country`
ORDER BY `country`
