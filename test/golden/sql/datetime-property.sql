SELECT countIf(isNotNull(if(EventName = {p0:String}, parseDateTime64BestEffortOrNull(Prop2, 3, 'UTC'), NULL))) + uniqExact(if(EventName = {p0:String}, parseDateTime64BestEffortOrNull(Prop2, 3, 'UTC'), NULL)) AS value
FROM events
WHERE ProductID = {tenant:String}
  AND Time >= {from:DateTime64(3, 'UTC')}
  AND Time < {to:DateTime64(3, 'UTC')}
