SELECT sumOrNull(multiIf(ifNull(nullIf(Prop1, '') = {p0:String}, 0), ifNotFinite(toFloat64OrNull(Prop0), NULL), ifNull(nullIf(Prop1, '') IN {p1:Array(String)}, 0), ifNotFinite(toFloat64OrNull(Prop0), NULL) * 1.1, 0)) AS value
FROM `events`
WHERE ProductID = {tenant:String}
  AND `Time` >= {from:DateTime64(3, 'UTC')}
  AND `Time` < {to:DateTime64(3, 'UTC')}
  AND EventName = {p2:String}
