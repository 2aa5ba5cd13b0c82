SELECT ifNotFinite(stddevSampOrNullIf(ifNotFinite(toFloat64OrNull(Prop5), NULL), EventName = {p0:String}), NULL) * 0 + ifNotFinite(varSampOrNull(if(EventName = {p1:String}, ifNotFinite(toFloat64OrNull(Prop1), NULL), NULL)), NULL) AS value
FROM `events`
WHERE ProductID = {tenant:String}
  AND `Time` >= {from:DateTime64(3, 'UTC')}
  AND `Time` < {to:DateTime64(3, 'UTC')}
  AND EventName IN {p2:Array(String)}
