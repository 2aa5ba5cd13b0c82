SELECT toDateTime(bucket, {tz:String}) AS bucket, `source`, `value`
FROM (
  SELECT bucket, __g0 AS `source`, sumOrNullMerge(__s0) OVER __w0 AS value
  FROM (
    SELECT toDate(`Time`, {tz:String}) AS bucket, `Source` AS __g0, sumOrNullState(ifNotFinite(toFloat64OrNull(Prop0), NULL)) AS __s0, 1 AS __real
    FROM `events`
    WHERE ProductID = {tenant:String}
      AND `Time` >= {from:DateTime64(3, 'UTC')}
      AND `Time` < {to:DateTime64(3, 'UTC')}
      AND EventName = {p0:String}
    GROUP BY bucket, __g0
    ORDER BY __g0, bucket WITH FILL FROM toDate({from:DateTime64(3, 'UTC')}, {tz:String}) TO toDate({to:DateTime64(3, 'UTC')} - INTERVAL 1 MILLISECOND, {tz:String}) + INTERVAL 1 DAY STEP INTERVAL 1 DAY
  )
  WINDOW __w0 AS (PARTITION BY __g0 ORDER BY bucket ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
  QUALIFY max(__real) OVER () = 1
  ORDER BY bucket, `source`
)
ORDER BY bucket, `source`
