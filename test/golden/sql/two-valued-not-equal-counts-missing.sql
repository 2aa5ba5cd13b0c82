SELECT countIf(ifNull(multiIf(EventName IN {p0:Array(String)}, nullIf(Prop2, ''), EventName = {p1:String}, nullIf(Prop3, ''), NULL) != {p2:String}, 1)) AS value
FROM `events`
WHERE ProductID = {tenant:String}
  AND `Time` >= {from:DateTime64(3, 'UTC')}
  AND `Time` < {to:DateTime64(3, 'UTC')}
