SELECT countIf(ifNull(nullIf(Prop7, '') = {p0:String}, 0)) + countIf(ifNull(ifNotFinite(toFloat64OrNull(Prop7), NULL) > 100, 0)) AS value
FROM `events`
WHERE ProductID = {tenant:String}
  AND `Time` >= {from:DateTime64(3, 'UTC')}
  AND `Time` < {to:DateTime64(3, 'UTC')}
  AND EventName = {p1:String}
