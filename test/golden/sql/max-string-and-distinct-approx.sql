SELECT lengthUTF8(maxOrNull(nullIf(Prop2, ''))) + uniq(UserRefID) * 0 AS value
FROM `events`
WHERE ProductID = {tenant:String}
  AND `Time` >= {from:DateTime64(3, 'UTC')}
  AND `Time` < {to:DateTime64(3, 'UTC')}
  AND EventName = {p0:String}
