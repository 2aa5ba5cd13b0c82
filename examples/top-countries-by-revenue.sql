SELECT toDateTime(bucket, {tz:String}) AS bucket, `country`, `value`
FROM (
  SELECT bucket, __g0 AS `country`, value
  FROM (
    SELECT bucket, __g0, finalizeAggregation(__s0) AS value, sumOrNullMerge(__s0) OVER __w0 AS __rank
    FROM (
      SELECT toStartOfWeek(`Time`, 1, {tz:String}) AS bucket, nullIf(Prop2, '') AS __g0, sumOrNullState(ifNotFinite(toFloat64OrNull(Prop0), NULL)) AS __s0, 1 AS __real
      FROM `events`
      WHERE ProductID = {tenant:String}
        AND `Time` >= {from:DateTime64(3, 'UTC')}
        AND `Time` < {to:DateTime64(3, 'UTC')}
        AND EventName = {p0:String}
      GROUP BY bucket, __g0
      ORDER BY __g0, bucket WITH FILL FROM toStartOfWeek({from:DateTime64(3, 'UTC')}, 1, {tz:String}) TO toStartOfWeek({to:DateTime64(3, 'UTC')} - INTERVAL 1 MILLISECOND, 1, {tz:String}) + INTERVAL 1 WEEK STEP INTERVAL 1 WEEK
    )
    WINDOW __w0 AS (PARTITION BY __g0)
    QUALIFY max(__real) OVER () = 1
  )
  QUALIFY dense_rank() OVER (ORDER BY __rank DESC NULLS LAST, __g0 ASC NULLS LAST) <= 5
  ORDER BY bucket, `country`
)
ORDER BY bucket, `country`
