SELECT __g0 AS `source`, value
FROM (
  SELECT __g0, countIf(__k0 IS NOT NULL AND __set = 0) * 1000 + countIf(__k1 IS NOT NULL AND __set = 1) AS value
  FROM (
    SELECT `Source` AS __g0, arrayJoin([0, 1]) AS __set, if(__set = 0, UserRefID, NULL) AS __k0, if(__set = 1, nullIf(Prop2, ''), NULL) AS __k1
    FROM `events`
    WHERE ProductID = {tenant:String}
      AND `Time` >= {from:DateTime64(3, 'UTC')}
      AND `Time` < {to:DateTime64(3, 'UTC')}
      AND EventName = {p0:String}
    GROUP BY __g0, __set, __k0, __k1
  )
  GROUP BY __g0
)
ORDER BY __g0
