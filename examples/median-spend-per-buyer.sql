SELECT toDateTime(bucket, {tz:String}) AS bucket, `value`
FROM (
  SELECT bucket, value
  FROM (
    SELECT bucket, quantileExactInclusiveOrNullIf(0.5)(toFloat64(__i0), __k0 IS NOT NULL) AS value
    FROM (
      SELECT toStartOfWeek(`Time`, 1, {tz:String}) AS bucket, UserRefID AS __k0, sumOrNull(ifNotFinite(toFloat64OrNull(Prop0), NULL)) AS __i0
      FROM `events`
      WHERE ProductID = {tenant:String}
        AND `Time` >= {from:DateTime64(3, 'UTC')}
        AND `Time` < {to:DateTime64(3, 'UTC')}
        AND EventName = {p0:String}
      GROUP BY bucket, __k0
    )
    GROUP BY bucket
  )
  ORDER BY bucket WITH FILL FROM toStartOfWeek({from:DateTime64(3, 'UTC')}, 1, {tz:String}) TO toStartOfWeek({to:DateTime64(3, 'UTC')} - INTERVAL 1 MILLISECOND, 1, {tz:String}) + INTERVAL 1 WEEK STEP INTERVAL 1 WEEK INTERPOLATE (value AS (SELECT CAST(NULL AS Nullable(Float64))))
)
ORDER BY bucket
