SELECT nullIf(Prop4, '') AS `country`, arrayMap(v -> ifNull(toFloat64(toString(round(toDecimal128OrNull(toString(v), 16), 2))), toFloat64(v)), [sumOrNull(ifNotFinite(toFloat64OrNull(Prop5), NULL))])[1] AS value
FROM `events`
WHERE ProductID = {tenant:String}
  AND `Time` >= {from:DateTime64(3, 'UTC')}
  AND `Time` < {to:DateTime64(3, 'UTC')}
  AND EventName = {p0:String}
GROUP BY `country`
ORDER BY `country`
