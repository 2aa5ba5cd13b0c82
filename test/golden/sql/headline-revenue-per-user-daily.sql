SELECT toDateTime(bucket, {tz:String}) AS bucket, `value`
FROM (
  SELECT bucket, value
  FROM (
    SELECT toDate(`Time`, {tz:String}) AS bucket, sumOrNull(ifNotFinite(toFloat64OrNull(Prop0), NULL)) / nullIf(uniqExact(UserRefID), 0) AS value
    FROM `events`
    WHERE ProductID = {tenant:String}
      AND `Time` >= {from:DateTime64(3, 'UTC')}
      AND `Time` < {to:DateTime64(3, 'UTC')}
      AND EventName = {p0:String}
    GROUP BY bucket
  )
  ORDER BY bucket WITH FILL FROM toDate({from:DateTime64(3, 'UTC')}, {tz:String}) TO toDate({to:DateTime64(3, 'UTC')} - INTERVAL 1 MILLISECOND, {tz:String}) + INTERVAL 1 DAY STEP INTERVAL 1 DAY INTERPOLATE (value AS (SELECT CAST(NULL AS Nullable(Float64)) / nullIf(0, 0)))
)
ORDER BY bucket
