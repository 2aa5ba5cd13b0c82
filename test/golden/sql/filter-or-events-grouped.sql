SELECT EventName AS `event`, sumOrNull(multiIf(EventName = {p0:String}, ifNotFinite(toFloat64OrNull(Prop0), NULL), ifNotFinite(toFloat64OrNull(Prop5), NULL))) AS value
FROM `events`
WHERE ProductID = {tenant:String}
  AND `Time` >= {from:DateTime64(3, 'UTC')}
  AND `Time` < {to:DateTime64(3, 'UTC')}
  AND (EventName = {p0:String} OR EventName = {p1:String})
GROUP BY `event`
ORDER BY `event`
