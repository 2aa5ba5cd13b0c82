SELECT toDateTime(bucket, {tz:String}) AS bucket, `source`, `value`
FROM (
  SELECT bucket, `source`, value
  FROM (
    SELECT bucket, `source`, value, __real
    FROM (
      SELECT toDate(`Time`, {tz:String}) AS bucket, `Source` AS `source`, count() AS value, 1 AS __real
      FROM `events`
      WHERE ProductID = {tenant:String}
        AND `Time` >= {from:DateTime64(3, 'UTC')}
        AND `Time` < {to:DateTime64(3, 'UTC')}
      GROUP BY bucket, `source`
    )
    ORDER BY `source`, bucket WITH FILL FROM toDate({from:DateTime64(3, 'UTC')}, {tz:String}) TO toDate({to:DateTime64(3, 'UTC')} - INTERVAL 1 MILLISECOND, {tz:String}) + INTERVAL 1 DAY STEP INTERVAL 1 DAY INTERPOLATE (value AS (SELECT 0), __real AS 0)
  )
  QUALIFY max(__real) OVER () = 1
  ORDER BY bucket, `source`
)
ORDER BY bucket, `source`
