/**
 * Properties (issue: compiler core): (a) print → parse is the identity on trees; (b) any text as
 * formula or filter yields SQL or a CompileError — never another exception, a hang or a stack
 * overflow; (c) no string literal's content reaches the SQL text; (d) the tenant guard is in every
 * query and no formula or filter can change the tenant its rows come from (checked on chdb).
 */
import { describe, expect, it, beforeAll } from 'vitest';
import fc from 'fast-check';
import { compile, CompileError, printFormula } from '../../src/index.js';
import { parseSource } from '../../src/syntax/parse.js';
import { printString } from '../../src/ast/print.js';
import type { Expr } from '../../src/ast/nodes.js';
import { schema } from '../fixtures/schema.js';
import { dataset, rawQuery, run } from '../fixtures/engine.js';
import { createTableSql } from '../fixtures/dataset.js';
import { exprTree, filterText, formula, tokenSoup } from './generators.js';

const RANGE = { from: '2024-01-01T00:00:00Z', to: '2024-01-15T00:00:00Z' };

/** A tree without spans, quoting or call-name case: what printing must preserve. */
function normal(e: Expr): unknown {
  return JSON.parse(
    JSON.stringify(e, (k, v: unknown) => {
      if (k === 'span' || k === 'nameSpan' || k === 'quoted') return undefined;
      return v;
    }),
  );
}

function upperCalls(e: unknown): unknown {
  if (Array.isArray(e)) return e.map(upperCalls);
  if (e && typeof e === 'object') {
    const o = e as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) out[k] = k === 'name' && o['kind'] === 'call' ? String(v).toUpperCase() : upperCalls(v);
    return out;
  }
  return e;
}

function compileOrDiagnose(query: Record<string, unknown>): 'sql' | 'diagnostics' {
  try {
    compile(query, schema);
    return 'sql';
  } catch (e) {
    if (e instanceof CompileError && e.diagnostics.length > 0) return 'diagnostics';
    throw e;
  }
}

describe('(a) printing then parsing gives the same tree', () => {
  it('holds for random trees', () => {
    fc.assert(
      fc.property(exprTree, (tree) => {
        const text = printFormula(tree);
        const back = parseSource(text, 'formula', { maxLength: 1e7, maxNesting: 1000, maxDepth: 1000, maxAggregates: 1e6, maxListItems: 1e6, maxGroupBy: 10, maxSqlBytes: 1e9, maxBuckets: 1e9 });
        expect(back.diagnostics).toEqual([]);
        expect(upperCalls(normal(back.expr!))).toEqual(upperCalls(normal(tree)));
      }),
      { numRuns: Number(process.env['ROUNDTRIP_RUNS'] ?? 2000) },
    );
  });
});

describe('(b) any text yields SQL or a CompileError', () => {
  it('as formula and as filter, random strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.string({ maxLength: 60 }), (f, p) => {
        compileOrDiagnose({ tenant: 'acme', formula: f, ...RANGE });
        compileOrDiagnose({ tenant: 'acme', formula: 'COUNT(*)', filter: p, ...RANGE });
      }),
      { numRuns: 1500 },
    );
  });
  it('as formula and as filter, token soup', () => {
    fc.assert(
      fc.property(tokenSoup, tokenSoup, (f, p) => {
        compileOrDiagnose({ tenant: 'acme', formula: f, filter: p, ...RANGE });
        compileOrDiagnose({ tenant: 'acme', formula: f, ...RANGE });
      }),
      { numRuns: 3000 },
    );
  });
  it('10,000-deep nesting of every kind is a diagnostic', () => {
    const deep = [
      '('.repeat(10_000) + 'COUNT(*)' + ')'.repeat(10_000),
      'SUM('.repeat(10_000) + 'amount' + ')'.repeat(10_000),
      'NOT '.repeat(10_000) + 'TRUE',
      '-'.repeat(10_000) + 'COUNT(*)',
      Array.from({ length: 10_000 }, () => 'COUNT(*)').join(' + '),
      'CASE WHEN TRUE THEN '.repeat(10_000) + '1' + ' END'.repeat(10_000),
      'COUNTIF(' + Array.from({ length: 10_000 }, () => 'TRUE').join(' AND ') + ')',
      `COUNTIF(amount IN (${Array.from({ length: 20_000 }, (_, i) => i).join(', ')}))`,
    ];
    for (const text of deep) {
      expect(compileOrDiagnose({ tenant: 'acme', formula: text, ...RANGE })).toBe('diagnostics');
      expect(compileOrDiagnose({ tenant: 'acme', formula: 'COUNT(*)', filter: text.replace(/COUNT\(\*\)/g, 'TRUE'), ...RANGE })).toBe('diagnostics');
    }
  });
});

describe('(c) string literal content never reaches the SQL text', () => {
  it('the SQL is the same whatever the literals say; the values travel in params', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }), (a, b, c) => {
        const make = (x: string, y: string, z: string) =>
          compile({ tenant: 'acme', formula: `COUNTIF(country = ${printString(x)}) + COUNTIF(url LIKE ${printString(y)})`, filter: `source != ${printString(z)}`, ...RANGE }, schema);
        // A LIKE pattern ending in a lone backslash travels mended (docs/language.md §2).
        const pattern = /(?:^|[^\\])(?:\\\\)*\\$/.test(b) ? `${b}\\` : b;
        const ref = make('ref-1', a === pattern ? 'ref-1' : 'ref-2', c === a ? 'ref-1' : c === pattern ? (a === pattern ? 'ref-1' : 'ref-2') : 'ref-3');
        const out = make(a, b, c);
        expect(out.sql).toBe(ref.sql);
        expect(Object.values(out.params)).toEqual(expect.arrayContaining([a, pattern, c]));
      }),
      { numRuns: 1500 },
    );
  });
});

describe('(d) the tenant guard', () => {
  const EMPTY_TABLE = 'events_empty';
  const ghostDocs = schema.events.filter((e) => e.productId === 'acme').map((e) => ({ ...e, productId: 'ghost' }));
  const withGhost = { ...schema, events: [...schema.events, ...ghostDocs] };
  const emptySchema = { ...withGhost, table: EMPTY_TABLE };

  beforeAll(() => {
    dataset();
    rawQuery(`DROP TABLE IF EXISTS ${EMPTY_TABLE}`);
    rawQuery(createTableSql(EMPTY_TABLE));
  });

  function guardIsFirstAndFilterIsContained(sql: string): void {
    // The scan may sit inside an outer SELECT (filled buckets, renamed groups): its WHERE is
    // indented like its FROM; the conjuncts follow it, two spaces further in.
    const m = /\n( *)WHERE (.*)((?:\n\1 {2}AND .*)*)/.exec(sql)!;
    expect(sql.match(/\n *WHERE /g)).toHaveLength(1);
    expect(m[2]).toBe('ProductID = {tenant:String}');
    const where = m[3]!.split('\n').slice(1).map((l) => l.slice(m[1]!.length));
    for (const line of where) {
      expect(line.startsWith('  AND ')).toBe(true);
      let depth = 0;
      const body = line.slice(6);
      for (let i = 0; i < body.length; i++) {
        if (body[i] === '(') depth++;
        else if (body[i] === ')') depth--;
        else if (depth === 0 && body.startsWith(' OR ', i)) throw new Error(`top-level OR in WHERE: ${line}`);
        expect(depth).toBeGreaterThanOrEqual(0);
      }
    }
  }

  it('is first in WHERE and never widened, for random formulas and filters', () => {
    fc.assert(
      fc.property(formula, filterText, fc.constantFrom(undefined, 'day'), fc.constantFrom<string[] | undefined>(undefined, ['source'], ['country']), (f, p, granularity, groupBy) => {
        const query = { tenant: 'ghost', formula: f, ...(p ? { filter: p } : {}), ...(granularity ? { granularity } : {}), ...(groupBy ? { groupBy } : {}), ...RANGE };
        let out;
        try {
          out = compile(query, withGhost);
        } catch (e) {
          if (e instanceof CompileError) return;
          throw e;
        }
        guardIsFirstAndFilterIsContained(out.sql);
        expect(out.params['tenant']).toBe('ghost');
        // The ghost tenant has no rows: over the real table the answer must equal the answer
        // over an empty table, or rows of another tenant got in.
        expect(run(out)).toEqual(run(compile(query, emptySchema)));
      }),
      { numRuns: 300 },
    );
  });
});
