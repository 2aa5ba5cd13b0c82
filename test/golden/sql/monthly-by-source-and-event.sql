SELECT bucket, `source`, `event`, value
FROM (
  SELECT bucket, `source`, `event`, value, __real
  FROM (
    SELECT toDateTime(toStartOfMonth(`Time`, {tz:String}), {tz:String}) AS bucket, `Source` AS `source`, EventName AS `event`, count() AS value, 1 AS __real
    FROM `events`
    WHERE ProductID = {tenant:String}
      AND `Time` >= {from:DateTime64(3, 'UTC')}
      AND `Time` < {to:DateTime64(3, 'UTC')}
    GROUP BY bucket, `source`, `event`
  )
  ORDER BY `source`, `event`, bucket WITH FILL FROM toDateTime(toStartOfMonth({from:DateTime64(3, 'UTC')}, {tz:String}), {tz:String}) TO toDateTime({to:DateTime64(3, 'UTC')}, {tz:String}) STEP INTERVAL 1 MONTH INTERPOLATE (value AS (SELECT 0), __real AS 0)
)
QUALIFY max(__real) OVER () = 1
ORDER BY bucket, `source`, `event`
