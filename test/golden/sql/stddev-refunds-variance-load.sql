SELECT if(isFinite(stddevSampOrNullIf(if(isFinite(toFloat64OrNull(Prop5)), toFloat64OrNull(Prop5), NULL), EventName = {p0:String})), stddevSampOrNullIf(if(isFinite(toFloat64OrNull(Prop5)), toFloat64OrNull(Prop5), NULL), EventName = {p0:String}), NULL) * 0 + if(isFinite(varSampOrNull(if(EventName = {p1:String}, if(isFinite(toFloat64OrNull(Prop1)), toFloat64OrNull(Prop1), NULL), NULL))), varSampOrNull(if(EventName = {p1:String}, if(isFinite(toFloat64OrNull(Prop1)), toFloat64OrNull(Prop1), NULL), NULL)), NULL) AS value
FROM events
WHERE ProductID = {tenant:String}
  AND Time >= {from:DateTime64(3, 'UTC')}
  AND Time < {to:DateTime64(3, 'UTC')}
  AND EventName IN {p2:Array(String)}
