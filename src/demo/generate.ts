/**
 * SQL that creates and fills the demo table inside the engine. Every value derives from
 * `cityHash64(number, seed, k)` — deterministic per seed — so the data is reproducible and loads
 * at engine speed. Dirt is injected on purpose: numbers are sometimes missing, `'N/A'`, `''`,
 * `'1,299'` or `'nan'`; strings sometimes carry quotes, backslashes or unicode.
 */
import { demoSchema, DEMO_DAYS, DEMO_SLOTS, DEMO_START } from './schema.js';

export function demoTableSql(table = 'events'): string {
  const slots = Array.from({ length: DEMO_SLOTS }, (_, i) => `Prop${i} String`).join(', ');
  return (
    `CREATE TABLE IF NOT EXISTS ${table} (ProductID LowCardinality(String), UserRefID String, EventName LowCardinality(String), ` +
    `Source LowCardinality(String), Time DateTime64(3, 'UTC'), ${slots}) ` +
    `ENGINE = MergeTree PARTITION BY toDate(Time) ORDER BY (ProductID, EventName, UserRefID, Time)`
  );
}

const quote = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const list = (xs: readonly string[]) => `[${xs.map(quote).join(', ')}]`;

/** A uniform number in [0, 1) from the row's hash stream `k`. */
const u = (k: number) => `(cityHash64(number, {seed}, ${k}) % 1000000) / 1000000`;
const pick = (k: number, xs: readonly string[]) => `arrayElement(${list(xs)}, 1 + cityHash64(number, {seed}, ${k}) % ${xs.length})`;

const NUMBER_DIRT = ['', 'N/A', '1,299', 'nan', ' 12'];
const COUNTRIES = ['US', 'US', 'US', 'DE', 'DE', 'FR', 'GB', 'JP', 'BR', 'IN', '', "Côte d'Ivoire", 'São Tomé'];

/** Text of a number in [lo, hi) with 2 decimals, dirty 6% of the time. */
function numberText(k: number, lo: number, hi: number, decimals = 2): string {
  return `if(${u(k)} < 0.06, ${pick(k + 1, NUMBER_DIRT)}, toString(round(${lo} + ${u(k + 2)} * ${hi - lo}, ${decimals})))`;
}

const VALUE_SQL: Record<string, (k: number) => string> = {
  url: (k) => pick(k, ['/', '/pricing', '/docs', '/blog/launch', '/pricing?plan=pro', '/search?q=a\\b', "/help/it's-broken"]),
  load_time: (k) => `if(${u(k)} < 0.05, ${pick(k + 1, NUMBER_DIRT)}, toString(round(exp(5.5 + ${u(k + 2)} * 2.5), 1)))`,
  country: (k) => pick(k, COUNTRIES),
  plan: (k) => pick(k, ['free', 'free', 'pro', 'team', 'enterprise']),
  referrer: (k) => pick(k, ['google', 'twitter', '', 'newsletter', 'direct']),
  product_id: (k) => `concat('sku-', toString(cityHash64(number, {seed}, ${k}) % 500))`,
  price: (k) => numberText(k, 2, 300),
  quantity: (k) => `toString(1 + cityHash64(number, {seed}, ${k}) % 5)`,
  amount: (k) => numberText(k, 5, 500),
  currency: (k) => pick(k, ['USD', 'USD', 'USD', 'EUR', 'EUR', 'GBP', 'JPY']),
  items: (k) => `toString(1 + cityHash64(number, {seed}, ${k}) % 8)`,
  coupon: (k) => pick(k, ['', '', '', 'WELCOME10', 'BLACKFRIDAY', 'vip"gold']),
  is_first: (k) => pick(k, ['true', 'false', 'false', '1', '0', '']),
  reason: (k) => pick(k, ['damaged', 'late', 'changed mind', '', 'wrong size']),
  device: (k) => pick(k, ['phone', 'tablet', 'desktop', 'tv']),
  trial_ends: (k) => `formatDateTime(toDateTime('${DEMO_START.slice(0, 10)} 00:00:00', 'UTC') + toIntervalDay(14 + cityHash64(number, {seed}, ${k}) % ${DEMO_DAYS}), '%Y-%m-%d %H:%i:%S')`,
  mrr: (k) => numberText(k, 10, 900),
  $os: (k) => pick(k, ['Mac OS X', 'Windows', 'iOS', 'Android', 'Linux']),
  $browser: (k) => pick(k, ['Chrome', 'Safari', 'Firefox', 'Edge', 'Mobile Safari', 'Chrome Mobile']),
  $device_type: (k) => pick(k, ['Desktop', 'Mobile', 'Tablet']),
  $app_version: (k) => `concat('3.', toString(cityHash64(number, {seed}, ${k}) % 20), '.', toString(cityHash64(number, {seed}, ${k + 1}) % 10))`,
  $screen_width: (k) => pick(k, ['1920', '1440', '1280', '390', '414', '768', '2560']),
  $locale: (k) => pick(k, ['en-US', 'en-GB', 'de-DE', 'fr-FR', 'ja-JP', 'pt-BR']),
  $utm_source: (k) => pick(k, ['', '', 'google', 'newsletter', 'twitter', 'partner']),
  $utm_campaign: (k) => pick(k, ['', '', 'spring_sale', 'launch-week', 'retargeting_q1']),
  $session_id: (k) => `lower(hex(cityHash64(intDiv(number, 7), {seed}, ${k})))`,
  $current_url: (k) => `concat('https://app.example.com', ${pick(k, ['/', '/pricing', '/docs/getting-started', '/checkout?step=2', '/account/settings'])})`,
  $lib: (k) => pick(k, ['web', 'ios', 'android', 'js']),
  $lib_version: (k) => pick(k, ['1.142.0', '1.141.3', '2.0.0-beta.4']),
};

/** Relative frequency of each event within its tenant. */
const WEIGHTS: Record<string, number> = { page_view: 60, session_start: 30, signup: 6, trial_start: 4, add_to_cart: 12, purchase: 8, subscription: 5, refund: 1 };

interface EventPlan {
  readonly tenant: string;
  readonly event: string;
  readonly weight: number;
  readonly mapping: Record<string, { column: string }>;
}

function plans(): EventPlan[] {
  return demoSchema.events.map((d) => ({ tenant: d.productId, event: d.name, weight: WEIGHTS[d.name] ?? 1, mapping: d.propertyMapping }));
}

/**
 * `INSERT … SELECT` producing `rows` events spread over the demo period: the row's hash picks the
 * tenant, then the event by weight, then users (a heavy-tailed 2,000 per tenant), sources and
 * times, then each mapped slot's value (8% of properties left absent). Returns the SQL text, with
 * `{seed}` replaced by the seed.
 */
export function demoInsertSql(rows: number, seed = 1, table = 'events', offset = 0): string {
  const ps = plans();
  const total = ps.reduce((a, p) => a + p.weight, 0);
  let acc = 0;
  const bounds = ps.map((p) => (acc += p.weight / total));
  const planIndex = `arrayFirstIndex(b -> ${u(1)} < b, [${bounds.map((b) => b.toFixed(6)).join(', ')}]) - 1`;
  const slotExprs = Array.from({ length: DEMO_SLOTS }, (_, slot) => {
    const branches: string[] = [];
    ps.forEach((p, i) => {
      for (const [name, entry] of Object.entries(p.mapping)) {
        if (entry.column !== `Prop${slot}`) continue;
        const value = VALUE_SQL[name]?.(10 + slot * 7) ?? "''";
        branches.push(`plan = ${i}, if(${u(9 + slot)} < 0.08, '', ${value})`);
      }
    });
    return branches.length === 0 ? `'' AS Prop${slot}` : `multiIf(${branches.join(', ')}, '') AS Prop${slot}`;
  });
  const tenants = `${list(ps.map((p) => p.tenant))}[plan + 1]`;
  const events = `${list(ps.map((p) => p.event))}[plan + 1]`;
  const sql =
    `INSERT INTO ${table} SELECT ${tenants} AS ProductID, ` +
    `concat('u', toString(toUInt32(pow(${u(2)}, 2) * 2000))) AS UserRefID, ${events} AS EventName, ` +
    `${pick(3, ['web', 'web', 'ios', 'android'])} AS Source, ` +
    `toDateTime64('${DEMO_START.slice(0, 10)} 00:00:00', 3, 'UTC') + toIntervalMillisecond(toUInt64(${u(4)} * ${DEMO_DAYS * 86_400_000})) AS Time, ` +
    `${slotExprs.join(', ')} FROM (SELECT number, ${planIndex} AS plan FROM numbers(${offset}, ${rows}))`;
  return sql.replaceAll('{seed}', String(seed));
}
