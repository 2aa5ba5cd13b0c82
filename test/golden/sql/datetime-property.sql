WITH if(EventName = {p0:String}, parseDateTime64BestEffortOrNull(Prop2, 3, 'UTC'), NULL) AS __r0
SELECT countIf(isNotNull(__r0)) + uniqExact(__r0) AS value
FROM `events`
WHERE ProductID = {tenant:String}
  AND `Time` >= {from:DateTime64(3, 'UTC')}
  AND `Time` < {to:DateTime64(3, 'UTC')}
