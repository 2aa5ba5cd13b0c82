SELECT toDateTime(bucket, {tz:String}) AS bucket, `source`, `event`, `value`
FROM (
  SELECT bucket, `source`, `event`, value
  FROM (
    SELECT bucket, `source`, `event`, value, __real
    FROM (
      SELECT toStartOfMonth(`Time`, {tz:String}) AS bucket, `Source` AS `source`, EventName AS `event`, count() AS value, 1 AS __real
      FROM `events`
      WHERE ProductID = {tenant:String}
        AND `Time` >= {from:DateTime64(3, 'UTC')}
        AND `Time` < {to:DateTime64(3, 'UTC')}
      GROUP BY bucket, `source`, `event`
    )
    ORDER BY `source`, `event`, bucket WITH FILL FROM toStartOfMonth({from:DateTime64(3, 'UTC')}, {tz:String}) TO toStartOfMonth({to:DateTime64(3, 'UTC')} - INTERVAL 1 MILLISECOND, {tz:String}) + INTERVAL 1 MONTH STEP INTERVAL 1 MONTH INTERPOLATE (value AS (SELECT 0), __real AS 0)
  )
  QUALIFY max(__real) OVER () = 1
  ORDER BY bucket, `source`, `event`
)
ORDER BY bucket, `source`, `event`
