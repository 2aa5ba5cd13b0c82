SELECT sumOrNullIf(ifNotFinite(toFloat64OrNull(Prop0), NULL), EventName = {p0:String}) - sumOrNullIf(ifNotFinite(toFloat64OrNull(Prop5), NULL), EventName = {p1:String}) AS value
FROM `events`
WHERE ProductID = {tenant:String}
  AND `Time` >= {from:DateTime64(3, 'UTC')}
  AND `Time` < {to:DateTime64(3, 'UTC')}
  AND EventName IN {p2:Array(String)}
