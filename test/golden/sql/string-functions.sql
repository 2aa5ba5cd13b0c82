SELECT uniqExact(lowerUTF8(multiIf(EventName IN {p0:Array(String)}, nullIf(Prop2, ''), EventName = {p1:String}, nullIf(Prop3, ''), NULL))) * 1000000 + countIf(ifNull(greater(position(if(EventName = {p1:String}, nullIf(Prop0, ''), NULL), {p2:String}), 0), false)) * 1000 + countIf(ifNull(startsWith(if(EventName = {p1:String}, nullIf(Prop0, ''), NULL), {p3:String}), false)) + avgOrNull(lengthUTF8(if(EventName = {p1:String}, nullIf(Prop0, ''), NULL))) AS value
FROM `events`
WHERE ProductID = {tenant:String}
  AND `Time` >= {from:DateTime64(3, 'UTC')}
  AND `Time` < {to:DateTime64(3, 'UTC')}
