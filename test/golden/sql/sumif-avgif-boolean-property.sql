SELECT sumOrNullIf(multiIf(EventName = {p0:String}, if(isFinite(toFloat64OrNull(Prop0)), toFloat64OrNull(Prop0), NULL), EventName = {p1:String}, if(isFinite(toFloat64OrNull(Prop5)), toFloat64OrNull(Prop5), NULL), if(isFinite(toFloat64OrNull(Prop7)), toFloat64OrNull(Prop7), NULL)), Source = {p2:String}) + avgOrNullIf(multiIf(EventName = {p0:String}, if(isFinite(toFloat64OrNull(Prop0)), toFloat64OrNull(Prop0), NULL), EventName = {p1:String}, if(isFinite(toFloat64OrNull(Prop5)), toFloat64OrNull(Prop5), NULL), if(isFinite(toFloat64OrNull(Prop7)), toFloat64OrNull(Prop7), NULL)), ifNull(if(EventName = {p0:String}, accurateCastOrNull(Prop4, 'Bool'), NULL), false)) AS value
FROM events
WHERE ProductID = {tenant:String}
  AND Time >= {from:DateTime64(3, 'UTC')}
  AND Time < {to:DateTime64(3, 'UTC')}
  AND EventName IN {p3:Array(String)}
