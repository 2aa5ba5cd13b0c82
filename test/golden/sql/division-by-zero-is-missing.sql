SELECT sumOrNull(multiIf(EventName = {p0:String}, if(isFinite(toFloat64OrNull(Prop0)), toFloat64OrNull(Prop0), NULL), EventName = {p1:String}, if(isFinite(toFloat64OrNull(Prop5)), toFloat64OrNull(Prop5), NULL), EventName = {p2:String}, if(isFinite(toFloat64OrNull(Prop7)), toFloat64OrNull(Prop7), NULL), NULL)) / nullIf(countIf(Source = {p3:String}), 0) + if(isFinite(sqrt(-1 * count())), sqrt(-1 * count()), NULL) AS value
FROM events
WHERE ProductID = {tenant:String}
  AND Time >= {from:DateTime64(3, 'UTC')}
  AND Time < {to:DateTime64(3, 'UTC')}
