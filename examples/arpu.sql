SELECT toDateTime(bucket, {tz:String}) AS bucket, `value`
FROM (
  SELECT bucket, value
  FROM (
    SELECT toStartOfWeek(`Time`, 1, {tz:String}) AS bucket, sumOrNullIf(ifNotFinite(toFloat64OrNull(Prop0), NULL), EventName = {p0:String}) / nullIf(uniqExact(UserRefID), 0) AS value
    FROM `events`
    WHERE ProductID = {tenant:String}
      AND `Time` >= {from:DateTime64(3, 'UTC')}
      AND `Time` < {to:DateTime64(3, 'UTC')}
    GROUP BY bucket
  )
  ORDER BY bucket WITH FILL FROM toStartOfWeek({from:DateTime64(3, 'UTC')}, 1, {tz:String}) TO toStartOfWeek({to:DateTime64(3, 'UTC')} - INTERVAL 1 MILLISECOND, 1, {tz:String}) + INTERVAL 1 WEEK STEP INTERVAL 1 WEEK INTERPOLATE (value AS (SELECT CAST(NULL AS Nullable(Float64)) / nullIf(0, 0)))
)
ORDER BY bucket
