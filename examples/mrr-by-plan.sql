SELECT toDateTime(bucket, {tz:String}) AS bucket, `plan`, `value`
FROM (
  SELECT bucket, `plan`, value
  FROM (
    SELECT bucket, `plan`, value, __real
    FROM (
      SELECT toStartOfMonth(`Time`, {tz:String}) AS bucket, nullIf(Prop2, '') AS `plan`, sumOrNull(ifNotFinite(toFloat64OrNull(Prop0), NULL)) AS value, 1 AS __real
      FROM `events`
      WHERE ProductID = {tenant:String}
        AND `Time` >= {from:DateTime64(3, 'UTC')}
        AND `Time` < {to:DateTime64(3, 'UTC')}
        AND EventName = {p0:String}
      GROUP BY bucket, `plan`
    )
    ORDER BY `plan`, bucket WITH FILL FROM toStartOfMonth({from:DateTime64(3, 'UTC')}, {tz:String}) TO toStartOfMonth({to:DateTime64(3, 'UTC')} - INTERVAL 1 MILLISECOND, {tz:String}) + INTERVAL 1 MONTH STEP INTERVAL 1 MONTH INTERPOLATE (value AS (SELECT CAST(NULL AS Nullable(Float64))), __real AS 0)
  )
  QUALIFY max(__real) OVER () = 1
  ORDER BY bucket, `plan`
)
ORDER BY bucket, `plan`
