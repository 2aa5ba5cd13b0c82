SELECT sumOrNull(if(Source = {p0:String}, multiIf(EventName = {p1:String}, if(isFinite(toFloat64OrNull(Prop0)), toFloat64OrNull(Prop0), NULL), EventName = {p2:String}, if(isFinite(toFloat64OrNull(Prop5)), toFloat64OrNull(Prop5), NULL), EventName = {p3:String}, if(isFinite(toFloat64OrNull(Prop7)), toFloat64OrNull(Prop7), NULL), NULL), 0)) + avgOrNull(nullIf(multiIf(EventName = {p1:String}, if(isFinite(toFloat64OrNull(Prop0)), toFloat64OrNull(Prop0), NULL), EventName = {p2:String}, if(isFinite(toFloat64OrNull(Prop5)), toFloat64OrNull(Prop5), NULL), EventName = {p3:String}, if(isFinite(toFloat64OrNull(Prop7)), toFloat64OrNull(Prop7), NULL), NULL), 0)) AS value
FROM events
WHERE ProductID = {tenant:String}
  AND Time >= {from:DateTime64(3, 'UTC')}
  AND Time < {to:DateTime64(3, 'UTC')}
