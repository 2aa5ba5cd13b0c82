SELECT `country`, value
FROM (
  SELECT nullIf(Prop2, '') AS `country`, sumOrNull(ifNotFinite(toFloat64OrNull(Prop0), NULL)) AS value
  FROM `events`
  WHERE ProductID = {tenant:String}
    AND `Time` >= {from:DateTime64(3, 'UTC')}
    AND `Time` < {to:DateTime64(3, 'UTC')}
    AND EventName = {p0:String}
  GROUP BY `country`
  ORDER BY value DESC NULLS LAST, `country` ASC NULLS LAST
  LIMIT 3
)
ORDER BY `country`
