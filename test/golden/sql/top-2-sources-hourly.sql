SELECT bucket, __g0 AS `source`, value
FROM (
  SELECT bucket, __g0, finalizeAggregation(__s0) AS value, countMerge(__s0) OVER __w0 AS __rank
  FROM (
    SELECT toStartOfHour(`Time`, {tz:String}) AS bucket, `Source` AS __g0, countState() AS __s0, 1 AS __real
    FROM `events`
    WHERE ProductID = {tenant:String}
      AND `Time` >= {from:DateTime64(3, 'UTC')}
      AND `Time` < {to:DateTime64(3, 'UTC')}
    GROUP BY bucket, __g0
    ORDER BY __g0, bucket WITH FILL FROM toStartOfHour({from:DateTime64(3, 'UTC')}, {tz:String}) TO toDateTime({to:DateTime64(3, 'UTC')}, {tz:String}) STEP INTERVAL 1 HOUR
  )
  WINDOW __w0 AS (PARTITION BY __g0)
  QUALIFY max(__real) OVER () = 1
)
QUALIFY dense_rank() OVER (ORDER BY __rank DESC NULLS LAST, __g0 ASC NULLS LAST) <= 2
ORDER BY bucket, `source`
