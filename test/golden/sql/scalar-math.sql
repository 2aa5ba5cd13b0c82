WITH multiIf(EventName = {p0:String}, ifNotFinite(toFloat64OrNull(Prop0), NULL), EventName = {p1:String}, ifNotFinite(toFloat64OrNull(Prop5), NULL), NULL) AS __r0,
  if(EventName = {p0:String}, ifNotFinite(toFloat64OrNull(Prop3), NULL), NULL) AS __r1
SELECT arrayMap(v -> ifNull(toFloat64(toString(round(toDecimal128OrNull(toString(v), 16), 2))), toFloat64(v)), [avgOrNull(__r0)])[1] + ifNotFinite(sqrt(ifNotFinite(varSampOrNull(__r0), NULL)), NULL) + ifNotFinite(log(sumOrNull(__r0)), NULL) + ifNotFinite(pow(avgOrNull(__r1), 2), NULL) + abs(minOrNull(__r0)) + greatest(sumOrNullIf(ifNotFinite(toFloat64OrNull(Prop5), NULL), EventName = {p1:String}), 100) + coalesce(sumOrNullIf(__r0, `Source` = {p2:String}), 0) + floor(maxOrNull(__r0)) + ceil(avgOrNull(__r1)) + ifNotFinite(log10(count()), NULL) AS value
FROM `events`
WHERE ProductID = {tenant:String}
  AND `Time` >= {from:DateTime64(3, 'UTC')}
  AND `Time` < {to:DateTime64(3, 'UTC')}
  AND EventName IN {p3:Array(String)}
