SELECT quantileExactInclusiveOrNull(0.5)(ifNotFinite(toFloat64OrNull(Prop3), NULL)) + avgOrNull(ifNotFinite(toFloat64OrNull(Prop3), NULL)) AS value
FROM `events`
WHERE ProductID = {tenant:String}
  AND `Time` >= {from:DateTime64(3, 'UTC')}
  AND `Time` < {to:DateTime64(3, 'UTC')}
  AND EventName = {p0:String}
