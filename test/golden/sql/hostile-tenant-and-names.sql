SELECT sumOrNull(ifNotFinite(toFloat64OrNull(Prop0), NULL)) + count() + sumOrNull(ifNotFinite(toFloat64OrNull(Prop1), NULL)) AS value
FROM `events`
WHERE ProductID = {tenant:String}
  AND `Time` >= {from:DateTime64(3, 'UTC')}
  AND `Time` < {to:DateTime64(3, 'UTC')}
  AND EventName = {p0:String}
