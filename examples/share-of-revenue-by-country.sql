SELECT __g0 AS `country`, finalizeAggregation(__s0) / nullIf(sumOrNullMerge(__s0) OVER __w0, 0) AS value
FROM (
  SELECT nullIf(Prop2, '') AS __g0, sumOrNullState(ifNotFinite(toFloat64OrNull(Prop0), NULL)) AS __s0
  FROM `events`
  WHERE ProductID = {tenant:String}
    AND `Time` >= {from:DateTime64(3, 'UTC')}
    AND `Time` < {to:DateTime64(3, 'UTC')}
    AND EventName = {p0:String}
  GROUP BY __g0
)
WINDOW __w0 AS ()
ORDER BY `country`
