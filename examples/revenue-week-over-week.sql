SELECT toDateTime(bucket, {tz:String}) AS bucket, `value`
FROM (
  SELECT bucket, (finalizeAggregation(__s0) - sumOrNullMerge(__s0) OVER __w0) / nullIf(sumOrNullMerge(__s0) OVER __w0, 0) AS value
  FROM (
    SELECT toDate(`Time`, {tz:String}) AS bucket, sumOrNullState(ifNotFinite(toFloat64OrNull(Prop0), NULL)) AS __s0
    FROM `events`
    WHERE ProductID = {tenant:String}
      AND `Time` >= toDateTime(toDate({from:DateTime64(3, 'UTC')}, {tz:String}) - INTERVAL 7 DAY, {tz:String})
      AND `Time` < {to:DateTime64(3, 'UTC')}
      AND EventName = {p0:String}
    GROUP BY bucket
    ORDER BY bucket WITH FILL FROM toDate({from:DateTime64(3, 'UTC')}, {tz:String}) - INTERVAL 7 DAY TO toDate({to:DateTime64(3, 'UTC')} - INTERVAL 1 MILLISECOND, {tz:String}) + INTERVAL 1 DAY STEP INTERVAL 1 DAY
  )
  WINDOW __w0 AS (ORDER BY bucket ROWS BETWEEN 7 PRECEDING AND 7 PRECEDING)
  QUALIFY bucket >= toDate({from:DateTime64(3, 'UTC')}, {tz:String})
  ORDER BY bucket
)
ORDER BY bucket
