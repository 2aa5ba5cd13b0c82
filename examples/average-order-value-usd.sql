SELECT avgOrNull(multiIf(ifNull(nullIf(Prop1, '') = {p0:String}, 0), ifNotFinite(toFloat64OrNull(Prop0), NULL), ifNull(nullIf(Prop1, '') = {p1:String}, 0), ifNotFinite(toFloat64OrNull(Prop0), NULL) * 1.08, ifNull(nullIf(Prop1, '') = {p2:String}, 0), ifNotFinite(toFloat64OrNull(Prop0), NULL) * 1.27, ifNull(nullIf(Prop1, '') = {p3:String}, 0), ifNotFinite(toFloat64OrNull(Prop0), NULL) * 0.0067, NULL)) AS value
FROM `events`
WHERE ProductID = {tenant:String}
  AND `Time` >= {from:DateTime64(3, 'UTC')}
  AND `Time` < {to:DateTime64(3, 'UTC')}
  AND EventName = {p4:String}
