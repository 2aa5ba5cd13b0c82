SELECT bucket, value
FROM (
  SELECT toStartOfDay(`Time`, {tz:String}) AS bucket, sumOrNull(ifNotFinite(toFloat64OrNull(Prop0), NULL)) / nullIf(uniqExact(UserRefID), 0) AS value
  FROM `events`
  WHERE ProductID = {tenant:String}
    AND `Time` >= {from:DateTime64(3, 'UTC')}
    AND `Time` < {to:DateTime64(3, 'UTC')}
    AND EventName = {p0:String}
  GROUP BY bucket
)
ORDER BY bucket WITH FILL FROM toStartOfDay({from:DateTime64(3, 'UTC')}, {tz:String}) TO toDateTime({to:DateTime64(3, 'UTC')}, {tz:String}) STEP INTERVAL 1 DAY INTERPOLATE (value AS (SELECT CAST(NULL AS Nullable(Float64)) / nullIf(0, 0)))
