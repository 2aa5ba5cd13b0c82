import { describe, expect, it } from 'vitest';
import { completionsAt, hoverAt, highlightTokens, describeTenant, fuzzyScore, demoSchema, check, type EditorContext } from '../../src/index.js';
import { schema as typedSchema } from '../fixtures/schema.js';

const ctx = (text: string, extra: Partial<EditorContext> = {}): EditorContext => ({ text, offset: text.length, source: 'formula', schema: demoSchema, tenant: 'acme', ...extra });
const labels = (text: string, extra: Partial<EditorContext> = {}, kind?: string) =>
  (completionsAt(ctx(text, extra))?.items ?? []).filter((i) => !kind || i.kind === kind).map((i) => i.label);

describe('highlightTokens', () => {
  it('classes every token as the compiler lexes it', () => {
    const text = "SUM(amount) FILTER (WHERE event = 'x') / COUNT(DISTINCT `user id`) + 1.5 ;";
    const classes = highlightTokens(text).map((t) => `${text.slice(t.start, t.end)}:${t.class}`);
    expect(classes).toEqual([
      'SUM:function', '(:punctuation', 'amount:name', '):punctuation', 'FILTER:keyword', '(:punctuation', 'WHERE:keyword', 'event:builtin', '=:operator',
      "'x':string", '):punctuation', '/:operator', 'COUNT:function', '(:punctuation', 'DISTINCT:keyword', '`user id`:quoted-name', '):punctuation', '+:operator', '1.5:number', ';:invalid',
    ]);
  });
  it('keeps names that start with a keyword whole', () => {
    expect(highlightTokens('android').map((t) => t.class)).toEqual(['name']);
  });
});

describe('completionsAt', () => {
  it('offers functions with signature snippets, ranked by fuzzy match', () => {
    const c = completionsAt(ctx('PERC'))!;
    expect(c).toMatchObject({ from: 0, to: 4 });
    expect(c.items[0]).toMatchObject({ label: 'PERCENTILE', kind: 'function', detail: 'PERCENTILE(p, x)', insert: 'PERCENTILE(${p}, ${x})', snippet: true });
    expect(labels('acd')[0]).toBe('APPROX_COUNT_DISTINCT');
    expect(labels('SUM(amt)', { offset: 7 })[0]).toBe('amount');
  });
  it('offers only the properties of the events in scope', () => {
    const onSignup = labels("COUNT(DISTINCT ) FILTER (WHERE event = 'signup')", { offset: 15 }, 'property').filter((n) => !n.startsWith('$'));
    expect(onSignup).toEqual(['country', 'plan', 'referrer']);
    const byQueryFilter = labels('COUNT(', { filter: "event = 'page_view'" }, 'property').filter((n) => !n.startsWith('$'));
    expect(byQueryFilter).toEqual(['country', 'load_time', 'url']);
    expect(labels("SUMIF(, event = 'purchase')", { offset: 6 }, 'property')).toContain('amount');
    expect(labels("SUMIF(, event = 'purchase')", { offset: 6 }, 'property')).not.toContain('load_time');
  });
  it('offers only scalar functions inside an aggregate or a filter', () => {
    expect(labels('SUM(', {}, 'function')).not.toContain('AVG');
    expect(labels('SUM(', {}, 'function')).toContain('ROUND');
    expect(labels('', { source: 'filter' }, 'function')).not.toContain('COUNT');
    expect(labels('', {}, 'function')).toContain('COUNT');
  });
  it('offers event names after `event =`, quoted, and inside the quotes', () => {
    const c = completionsAt(ctx('COUNTIF(event = '))!;
    expect(c.items.map((i) => i.insert)).toContain("'purchase'");
    const inside = completionsAt(ctx("COUNTIF(event IN ('purchase', 'pa"))!;
    expect(inside.items[0]).toMatchObject({ label: 'page_view', insert: 'page_view' });
    expect(inside.from).toBe("COUNTIF(event IN ('purchase', '".length);
  });
  it('offers operators and FILTER after an operand', () => {
    expect(labels('SUM(amount) ')).toContain('FILTER');
    expect(labels('SUM(amount) ')).toContain('AND');
    expect(labels('COUNTIF(amount ')).not.toContain('FILTER');
    expect(labels('COUNT(', {}, 'keyword')).toEqual(expect.arrayContaining(['DISTINCT', '*']));
  });
  it('quotes names that are not plain identifiers and offers nothing inside other strings', () => {
    const schema = { ...demoSchema, events: [{ productId: 'acme', name: 'e', propCounter: 1, propertyMapping: { 'order total': { type: ['Float64'], column: 'Prop0' } } }] };
    expect(completionsAt(ctx('SUM(ord', { schema }))!.items[0]!.insert).toBe('`order total`');
    expect(completionsAt(ctx("COUNTIF(country = 'U"))).toBeUndefined();
  });
  it('never throws on hostile or unfinished text', () => {
    for (const text of ['(((((', "event IN ('", '`', "'", 'CASE WHEN', ')))', 'SUM(x) FILTER (WHERE', '\u0000']) {
      for (let offset = 0; offset <= text.length; offset++) expect(() => completionsAt(ctx(text, { offset }))).not.toThrow();
    }
  });
});

describe('hoverAt', () => {
  const text = "SUM(amount) FILTER (WHERE event = 'purchase')";
  it('explains functions from the catalogue', () => {
    expect(hoverAt(ctx(text, { offset: 1 }))).toMatchObject({ from: 0, to: 3, title: 'SUM(x)' });
  });
  it("shows a property's slot on each event and which are in scope", () => {
    const h = hoverAt(ctx(text, { offset: 5 }))!;
    expect(h.title).toBe('amount: number');
    expect(h.lines).toEqual(['property (events in scope here: purchase)', '● purchase: Prop0, number', '○ refund: Prop3, number']);
  });
  it('explains built-ins, keywords and event names', () => {
    expect(hoverAt(ctx(text, { offset: 27 }))!.title).toBe('event: string');
    expect(hoverAt(ctx(text, { offset: 13 }))!.title).toBe('FILTER');
    expect(hoverAt(ctx(text, { offset: 38 }))!.title).toBe("event 'purchase'");
  });
});

describe('describeTenant', () => {
  it("lists each event's properties by slot, and each property's events", () => {
    const d = describeTenant(demoSchema, 'acme');
    expect(d.events.find((e) => e.name === 'purchase')!.properties[0]).toEqual({ name: 'amount', slot: 'Prop0', types: ['number'] });
    expect(d.properties.find((p) => p.name === 'amount')!.slots.map((s) => s.event)).toEqual(['purchase', 'refund']);
    expect(describeTenant(demoSchema, 'nobody').diagnostics.map((x) => x.code)).toContain('unknown-tenant');
  });
});

describe('fuzzyScore', () => {
  it('requires the letters in order and prefers prefixes and word starts', () => {
    expect(fuzzyScore('xyz', 'amount')).toBeUndefined();
    expect(fuzzyScore('amt', 'amount')!).toBeGreaterThan(fuzzyScore('amt', 'payment_method')!);
    expect(fuzzyScore('pm', 'payment_method')!).toBeGreaterThan(fuzzyScore('pm', 'upmarket')!);
    expect(fuzzyScore('sum', 'SUM')!).toBeGreaterThan(fuzzyScore('sum', 'SUMIF')!);
  });
});

describe('the services agree with check', () => {
  it('every completed property compiles in that place', () => {
    const text = "SUM() FILTER (WHERE event = 'signup')";
    for (const item of completionsAt(ctx(text, { offset: 4 }))!.items.filter((i) => i.kind === 'property')) {
      const formula = `COUNT(${item.insert}) FILTER (WHERE event = 'signup')`;
      const errors = check({ tenant: 'acme', formula, from: '2024-01-01', to: '2024-02-01' }, demoSchema).diagnostics.filter((d) => d.severity === 'error');
      expect(errors, formula).toEqual([]);
    }
  });
});

describe('completion offers only what fits the argument (issue 11 item 15)', () => {
  const page = { filter: "event = 'page_view'" };
  it('number properties inside SUM( and AVG(, anything inside COUNT( and COUNT(DISTINCT', () => {
    expect(labels('AVG(', page, 'property').filter((n) => !n.startsWith('$'))).toEqual(['load_time']);
    expect(labels('SUM(', page, 'property')).not.toContain('url');
    expect(labels('SUM(', page, 'property')).toContain('$screen_width');
    expect(labels('SUM(', {}, 'builtin')).toEqual([]);
    expect(labels('COUNT(DISTINCT ', page, 'property')).toContain('url');
    expect(labels('COUNT(', {}, 'builtin')).toContain('user_id');
  });
  it('follows the argument position: PERCENTILE(p, x), SUMIF(x, condition), ROUND(x, digits)', () => {
    expect(labels('PERCENTILE(', page, 'property')).toEqual([]);
    expect(labels('PERCENTILE(0.9, ', page, 'property').filter((n) => !n.startsWith('$'))).toEqual(['load_time']);
    expect(labels("SUMIF(, event = 'page_view')", { offset: 6 }, 'property')).not.toContain('url');
    expect(labels('SUMIF(load_time, ', page, 'property')).toContain('url');
    expect(labels('SUM(ROUND(load_time, ', page, 'property')).toEqual([]);
    expect(labels('SUM(ROUND(', page, 'property')).not.toContain('country');
  });
  it('leaves the choice open where the operand is not the whole argument', () => {
    expect(labels("SUM(IF(", page, 'property')).toContain('url');
    expect(labels("SUM(CASE WHEN ", page, 'property')).toContain('url');
    expect(labels("SUM(load_time) FILTER (WHERE ", page, 'property')).toContain('url');
  });

  // Agreement with the checker, both ways: what is offered compiles there, what is not offered does not.
  const places: [string, (p: string) => string][] = [
    ['SUM(', (p) => `SUM(${p})`],
    ['AVG(', (p) => `AVG(${p})`],
    ['MIN(', (p) => `MIN(${p})`],
    ['COUNT(', (p) => `COUNT(${p})`],
    ['COUNT(DISTINCT ', (p) => `COUNT(DISTINCT ${p})`],
    ['PERCENTILE(0.5, ', (p) => `PERCENTILE(0.5, ${p})`],
    ['SUMIF(', (p) => `SUMIF(${p}, TRUE)`],
    ['SUM(ABS(', (p) => `SUM(ABS(${p}))`],
  ];
  for (const [text, formula] of places) {
    it(`${text}… agrees with check on every property in scope`, () => {
      const c = { schema: typedSchema, filter: "event = 'purchase'" };
      const offered = new Set(labels(text, c, 'property'));
      const inScope = describeTenant(typedSchema, 'acme').properties.filter((p) => p.slots.some((s) => s.event === 'purchase'));
      expect(inScope.map((p) => p.types).flat()).toEqual(expect.arrayContaining(['number', 'string', 'boolean']));
      for (const p of inScope) {
        const f = formula(p.name);
        const errors = check({ tenant: 'acme', formula: f, filter: "event = 'purchase'", from: '2024-01-01', to: '2024-02-01' }, typedSchema).diagnostics.filter((d) => d.severity === 'error');
        expect(errors.length === 0, `${f}: offered ${offered.has(p.name)}, errors ${errors.map((e) => e.code).join(', ')}`).toBe(offered.has(p.name));
      }
    });
  }
});

describe('named metrics and PER in the editor', () => {
  it('offers the catalogue where a name is a metric reference, and not inside aggregates or filters', () => {
    expect(labels('rev', {}, 'metric')).toContain('revenue');
    expect(labels('SUM(', {}, 'metric')).toEqual([]);
    expect(labels('', { source: 'filter' }, 'metric')).toEqual([]);
    const item = completionsAt(ctx('arp'))!.items.find((i) => i.label === 'arpu')!;
    expect(item).toMatchObject({ kind: 'metric', detail: 'named metric' });
    expect(item.info).toContain('= revenue / active_users');
  });
  it("hovers a reference with the metric's definition, a name in an aggregate as the property", () => {
    expect(hoverAt(ctx('revenue / 2', { offset: 2 }))).toMatchObject({ title: 'metric revenue', lines: expect.arrayContaining(['= SUM(amount)', "where event = 'purchase'"]) });
    expect(hoverAt(ctx('COUNT(DISTINCT country)', { offset: 17 }))!.title).toMatch(/^country: /);
  });
  it('offers PER after an aggregate inside another aggregate, FILTER at the top', () => {
    expect(labels('AVG(COUNT(*) ', {}, 'keyword')).toContain('PER');
    expect(labels('COUNT(*) ', {}, 'keyword')).not.toContain('PER');
    expect(labels('COUNT(*) ', {}, 'keyword')).toContain('FILTER');
  });
});
