SELECT toDateTime(bucket, {tz:String}) AS bucket, `value`
FROM (
  SELECT bucket, value
  FROM (
    SELECT toStartOfMonth(`Time`, {tz:String}) AS bucket, sumOrNullIf(ifNotFinite(toFloat64OrNull(Prop3), NULL), EventName = {p0:String}) / nullIf(sumOrNullIf(ifNotFinite(toFloat64OrNull(Prop0), NULL), EventName = {p1:String}), 0) AS value
    FROM `events`
    WHERE ProductID = {tenant:String}
      AND `Time` >= {from:DateTime64(3, 'UTC')}
      AND `Time` < {to:DateTime64(3, 'UTC')}
      AND EventName IN {p2:Array(String)}
    GROUP BY bucket
  )
  ORDER BY bucket WITH FILL FROM toStartOfMonth({from:DateTime64(3, 'UTC')}, {tz:String}) TO toStartOfMonth({to:DateTime64(3, 'UTC')} - INTERVAL 1 MILLISECOND, {tz:String}) + INTERVAL 1 MONTH STEP INTERVAL 1 MONTH INTERPOLATE (value AS (SELECT CAST(NULL AS Nullable(Float64)) / nullIf(CAST(NULL AS Nullable(Float64)), 0)))
)
ORDER BY bucket
