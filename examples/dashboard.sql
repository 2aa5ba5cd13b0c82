SELECT toDateTime(bucket, {tz:String}) AS bucket, `revenue`, `buyers`, `arpu`, `revenue_wow`, `weekly_users`
FROM (
  SELECT bucket, finalizeAggregation(__s0) AS `revenue`, finalizeAggregation(__s1) AS `buyers`, finalizeAggregation(__s0) / nullIf(finalizeAggregation(__s2), 0) AS `arpu`, (finalizeAggregation(__s0) - sumOrNullIfMerge(__s0) OVER __w0) / nullIf(sumOrNullIfMerge(__s0) OVER __w0, 0) AS `revenue_wow`, uniqExactMerge(__s2) OVER __w1 AS `weekly_users`
  FROM (
    SELECT toDate(`Time`, {tz:String}) AS bucket, sumOrNullIfState(ifNotFinite(toFloat64OrNull(Prop0), NULL), EventName = {p0:String}) AS __s0, uniqExactIfState(UserRefID, EventName = {p0:String}) AS __s1, uniqExactState(UserRefID) AS __s2
    FROM `events`
    WHERE ProductID = {tenant:String}
      AND `Time` >= toDateTime(toDate({from:DateTime64(3, 'UTC')}, {tz:String}) - INTERVAL 7 DAY, {tz:String})
      AND `Time` < {to:DateTime64(3, 'UTC')}
    GROUP BY bucket
    ORDER BY bucket WITH FILL FROM toDate({from:DateTime64(3, 'UTC')}, {tz:String}) - INTERVAL 7 DAY TO toDate({to:DateTime64(3, 'UTC')} - INTERVAL 1 MILLISECOND, {tz:String}) + INTERVAL 1 DAY STEP INTERVAL 1 DAY
  )
  WINDOW __w0 AS (ORDER BY bucket ROWS BETWEEN 7 PRECEDING AND 7 PRECEDING),
    __w1 AS (ORDER BY bucket ROWS BETWEEN 6 PRECEDING AND CURRENT ROW)
  QUALIFY bucket >= toDate({from:DateTime64(3, 'UTC')}, {tz:String})
  ORDER BY bucket
)
ORDER BY bucket
