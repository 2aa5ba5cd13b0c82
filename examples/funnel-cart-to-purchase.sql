SELECT `Source` AS `source`, uniqExactIf(UserRefID, EventName = {p0:String}) / nullIf(uniqExactIf(UserRefID, EventName = {p1:String}), 0) AS value
FROM `events`
WHERE ProductID = {tenant:String}
  AND `Time` >= {from:DateTime64(3, 'UTC')}
  AND `Time` < {to:DateTime64(3, 'UTC')}
  AND EventName IN {p2:Array(String)}
GROUP BY `source`
ORDER BY `source`
