SELECT bucket, value
FROM (
  SELECT toDateTime(toStartOfWeek(`Time`, 1, {tz:String}), {tz:String}) AS bucket, sumOrNull(ifNotFinite(toFloat64OrNull(Prop0), NULL)) / nullIf(count(), 0) AS value
  FROM `events`
  WHERE ProductID = {tenant:String}
    AND `Time` >= {from:DateTime64(3, 'UTC')}
    AND `Time` < {to:DateTime64(3, 'UTC')}
    AND EventName = {p0:String}
  GROUP BY bucket
)
ORDER BY bucket WITH FILL FROM toDateTime(toStartOfWeek({from:DateTime64(3, 'UTC')}, 1, {tz:String}), {tz:String}) TO toDateTime({to:DateTime64(3, 'UTC')}, {tz:String}) STEP INTERVAL 1 WEEK INTERPOLATE (value AS (SELECT CAST(NULL AS Nullable(Float64)) / nullIf(0, 0)))
