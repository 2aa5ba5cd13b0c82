SELECT countIf(toHour(`Time`, {tz:String}) >= 12) * 10 + countIf(toDayOfWeek(`Time`, 0, {tz:String}) >= 6) AS value
FROM `events`
WHERE ProductID = {tenant:String}
  AND `Time` >= {from:DateTime64(3, 'UTC')}
  AND `Time` < {to:DateTime64(3, 'UTC')}
