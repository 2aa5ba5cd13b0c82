SELECT toDateTime(bucket, {tz:String}) AS bucket, `value`
FROM (
  SELECT bucket, value
  FROM (
    SELECT toDate(`Time`, {tz:String}) AS bucket, count() * 1000 + coalesce(sumOrNull(ifNotFinite(toFloat64OrNull(Prop0), NULL)), -1) AS value
    FROM `events`
    WHERE ProductID = {tenant:String}
      AND `Time` >= {from:DateTime64(3, 'UTC')}
      AND `Time` < {to:DateTime64(3, 'UTC')}
      AND EventName = {p0:String}
    GROUP BY bucket
  )
  ORDER BY bucket WITH FILL FROM toDate({from:DateTime64(3, 'UTC')}, {tz:String}) TO toDate({to:DateTime64(3, 'UTC')} - INTERVAL 1 MILLISECOND, {tz:String}) + INTERVAL 1 DAY STEP INTERVAL 1 DAY INTERPOLATE (value AS (SELECT 0 * 1000 + coalesce(CAST(NULL AS Nullable(Float64)), -1)))
)
ORDER BY bucket
