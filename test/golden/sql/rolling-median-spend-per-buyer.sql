SELECT bucket, arrayReduce('quantileExactInclusiveOrNull(0.5)', mapValues(sumOrNullMapMerge(__s0) OVER __w0)) AS value
FROM (
  SELECT toStartOfDay(`Time`, {tz:String}) AS bucket, sumOrNullMapState(map(UserRefID, ifNotFinite(toFloat64OrNull(Prop0), NULL))) AS __s0
  FROM `events`
  WHERE ProductID = {tenant:String}
    AND `Time` >= toStartOfDay({from:DateTime64(3, 'UTC')}, {tz:String}) - INTERVAL 2 DAY
    AND `Time` < {to:DateTime64(3, 'UTC')}
    AND EventName = {p0:String}
  GROUP BY bucket
  ORDER BY bucket WITH FILL FROM toStartOfDay({from:DateTime64(3, 'UTC')}, {tz:String}) - INTERVAL 2 DAY TO toDateTime({to:DateTime64(3, 'UTC')}, {tz:String}) STEP INTERVAL 1 DAY
)
WINDOW __w0 AS (ORDER BY bucket ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)
QUALIFY bucket >= toStartOfDay({from:DateTime64(3, 'UTC')}, {tz:String})
ORDER BY bucket
