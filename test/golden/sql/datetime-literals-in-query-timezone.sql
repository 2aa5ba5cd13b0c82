SELECT countIf(`Time` >= {p0:DateTime64(3, 'UTC')}) * 1000 + countIf(ifNull(if(EventName = {p1:String}, parseDateTime64BestEffortOrNull(Prop2, 3, 'UTC'), NULL) < {p2:DateTime64(3, 'UTC')}, 0)) + countIf((`Time` BETWEEN {p3:DateTime64(3, 'UTC')} AND {p4:DateTime64(3, 'UTC')})) * 1000000 AS value
FROM `events`
WHERE ProductID = {tenant:String}
  AND `Time` >= {from:DateTime64(3, 'UTC')}
  AND `Time` < {to:DateTime64(3, 'UTC')}
