SELECT nullIf(Prop4, '') AS `country`, round(sumOrNull(ifNotFinite(toFloat64OrNull(Prop5), NULL)), 2) AS value
FROM `events`
WHERE ProductID = {tenant:String}
  AND `Time` >= {from:DateTime64(3, 'UTC')}
  AND `Time` < {to:DateTime64(3, 'UTC')}
  AND EventName = {p0:String}
GROUP BY `country`
ORDER BY `country`
