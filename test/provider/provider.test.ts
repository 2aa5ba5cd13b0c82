/**
 * The read path of tenants' documents (metricc/provider): the in-process cache with a TTL, single
 * flight, invalidation, the last good documents on a failed reload — on a fake loader with a fake
 * clock; then the PostgreSQL loader against a real PostgreSQL server started here (Debian's
 * `postgresql` package; skipped with a message where it is not installed — .ci/run installs it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { compile, CompileError } from '../../src/index.js';
import { compilerFor, postgresDocumentsTableSql, postgresLoader, type ProviderEvent, type TenantDocuments } from '../../src/provider/index.js';
import { schema, HOSTILE_TENANT } from '../fixtures/schema.js';
import { postgresBinDir, startPostgres, type RunningPostgres } from '../fixtures/postgres-server.js';

const { events: _events, ...layout } = schema;
const docsOf = (tenant: string): TenantDocuments => ({ events: schema.events.filter((e) => e.productId === tenant) });
const query = { tenant: 'acme', formula: 'SUM(amount)', from: '2024-01-01', to: '2024-01-08', granularity: 'day' as const };

function fakeLoader(docs: (tenant: string) => TenantDocuments = docsOf) {
  const calls: string[] = [];
  let fail = false;
  let gate: Promise<void> | undefined;
  return {
    calls,
    failNext: () => (fail = true),
    hold: () => {
      let open!: () => void;
      gate = new Promise((r) => (open = r));
      return () => {
        gate = undefined;
        open();
      };
    },
    loader: {
      async loadTenant(tenant: string) {
        calls.push(tenant);
        // What the store holds when the load starts; the answer may arrive later.
        const answer = docs(tenant);
        if (gate) await gate;
        if (fail) {
          fail = false;
          throw new Error('store unavailable');
        }
        return answer;
      },
    },
  };
}

describe('compilerFor: the cache in front of a loader', () => {
  it('compiles exactly what compile() gives for the same documents', async () => {
    const { loader } = fakeLoader();
    const provider = compilerFor(layout, loader);
    const out = await provider.compile(query);
    const direct = compile(query, schema);
    expect(out.sql).toBe(direct.sql);
    expect(out.params).toEqual(direct.params);
    expect(out.cacheKey).toBe(direct.cacheKey);
  });

  it('loads a tenant once within the TTL, again after it', async () => {
    const clock = { now: 0 };
    const f = fakeLoader();
    const provider = compilerFor(layout, f.loader, { ttlMs: 120_000, now: () => clock.now });
    await provider.compile(query);
    await provider.compile({ ...query, formula: 'COUNT(*)' });
    await provider.check({ ...query, formula: 'AVG(amount)' });
    expect(f.calls).toEqual(['acme']);
    clock.now += 119_999;
    await provider.compile(query);
    expect(f.calls).toEqual(['acme']);
    clock.now += 1;
    await provider.compile(query);
    expect(f.calls).toEqual(['acme', 'acme']);
    await provider.compile({ ...query, tenant: 'globex', formula: 'COUNT(*)' });
    expect(f.calls).toEqual(['acme', 'acme', 'globex']);
  });

  it('runs one load for many concurrent compiles of a tenant (single flight)', async () => {
    const f = fakeLoader();
    const events: ProviderEvent[] = [];
    const provider = compilerFor(layout, f.loader, { onEvent: (e) => events.push(e) });
    const open = f.hold();
    const all = Promise.all(Array.from({ length: 20 }, () => provider.compile(query)));
    await new Promise((r) => setTimeout(r, 5));
    open();
    const out = await all;
    expect(f.calls).toEqual(['acme']);
    expect(new Set(out.map((o) => o.sql)).size).toBe(1);
    expect(events.filter((e) => e.type === 'load')).toHaveLength(1);
  });

  it('invalidate(tenant) makes the next compile see a changed document (a new property claims a slot)', async () => {
    let extra = false;
    const f = fakeLoader((tenant) => {
      const docs = (docsOf(tenant).events as (typeof schema.events)[number][]).map((e) => (extra && e.name === 'purchase' ? { ...e, propertyMapping: { ...e.propertyMapping, tip: { type: ['Float64'], column: 'Prop9' } } } : e));
      return { events: docs };
    });
    const provider = compilerFor(layout, f.loader);
    await expect(provider.compile({ ...query, formula: 'SUM(tip)' })).rejects.toThrow(CompileError);
    extra = true;
    // Still the cached documents until told.
    await expect(provider.compile({ ...query, formula: 'SUM(tip)' })).rejects.toThrow(CompileError);
    provider.invalidate('acme');
    expect((await provider.compile({ ...query, formula: 'SUM(tip)' })).sql).toContain('Prop9');
    provider.invalidate();
    await provider.compile(query);
    expect(f.calls).toEqual(['acme', 'acme', 'acme']);
  });

  it('an invalidation during a load is not undone by that load', async () => {
    let version = 0;
    const f = fakeLoader(() => ({ events: version === 0 ? docsOf('acme').events : [] }));
    const provider = compilerFor(layout, f.loader);
    const open = f.hold();
    const first = provider.compile(query);
    await new Promise((r) => setTimeout(r, 5));
    version = 1;
    provider.invalidate('acme');
    open();
    await first; // answered from the documents it loaded
    await expect(provider.compile(query)).rejects.toThrow(CompileError); // loaded again: no mapping now
    expect(f.calls).toEqual(['acme', 'acme']);
  });

  it('serves the last good documents when a reload fails, and fails plainly when there are none', async () => {
    const clock = { now: 0 };
    const f = fakeLoader();
    const events: ProviderEvent[] = [];
    const provider = compilerFor(layout, f.loader, { now: () => clock.now, onEvent: (e) => events.push(e) });
    f.failNext();
    await expect(provider.compile(query)).rejects.toThrow('store unavailable');
    await provider.compile(query);
    clock.now += 200_000;
    f.failNext();
    expect((await provider.compile(query)).sql).toContain('SELECT');
    expect(events.map((e) => e.type)).toEqual(['error', 'load', 'stale']);
  });

  it('compileSync answers from the cache alone', async () => {
    const provider = compilerFor(layout, fakeLoader().loader);
    expect(provider.compileSync(query)).toBeUndefined();
    await provider.schemaFor('acme');
    expect(provider.compileSync(query)?.sql).toBe(compile(query, schema).sql);
  });

  it('a query without a readable tenant, or documents that are not documents, get diagnostics', async () => {
    const provider = compilerFor(layout, fakeLoader(() => ({ events: ['not a document' as unknown] })).loader);
    const noTenant = await provider.check({ formula: 'COUNT(*)', from: '2024-01-01', to: '2024-01-02' });
    expect(noTenant.diagnostics.map((d) => d.code)).toContain('invalid-query');
    const poisoned = await provider.check(query);
    expect(poisoned.diagnostics.map((d) => d.code)).toContain('invalid-schema');
  });

  it('a hostile query object (a revoked Proxy, a throwing getter) is a diagnostic, never a raw exception', async () => {
    const provider = compilerFor(layout, fakeLoader().loader);
    const revocable = Proxy.revocable({}, {});
    revocable.revoke();
    for (const q of [revocable.proxy, { get tenant(): string { throw new Error('boom'); } }, null, 42]) {
      const out = await provider.check(q);
      expect(out.diagnostics.length).toBeGreaterThan(0);
      await expect(provider.compile(q)).rejects.toBeInstanceOf(CompileError);
    }
  });

  it("another tenant's documents returned by a loader never reach the asking tenant", async () => {
    const provider = compilerFor(layout, fakeLoader(() => ({ events: docsOf('globex').events })).loader);
    const out = await provider.check({ ...query, formula: 'SUM(revenue)' });
    expect(out.diagnostics.map((d) => d.code)).toContain('unknown-name');
  });
});

const binDir = postgresBinDir();

describe.skipIf(!binDir)('postgresLoader on a real PostgreSQL server', () => {
  let server: RunningPostgres;
  let pool: pg.Pool;
  beforeAll(async () => {
    server = await startPostgres(binDir!);
    pool = new pg.Pool({ connectionString: server.url, max: 4 });
    await pool.query(postgresDocumentsTableSql());
    for (const e of schema.events) {
      const { productId, ...doc } = e;
      await pool.query('INSERT INTO metricc_documents (product_id, kind, name, document) VALUES ($1, $2, $3, $4)', [productId, 'event', e.name, JSON.stringify(doc)]);
    }
    await pool.query('INSERT INTO metricc_documents (product_id, kind, name, document) VALUES ($1, $2, $3, $4)', ['', 'metric', 'revenue', JSON.stringify({ name: 'revenue', formula: 'SUM(amount)' })]);
    await pool.query('INSERT INTO metricc_documents (product_id, kind, name, document) VALUES ($1, $2, $3, $4)', ['acme', 'metric', 'aov', JSON.stringify({ name: 'aov', formula: 'revenue / COUNT(*)' })]);
  }, 60_000);
  afterAll(async () => {
    await pool?.end();
    await server?.stop();
  });

  it('loads a tenant’s mapping documents and catalogue: the same SQL and cache key as compile() over the same documents', async () => {
    const provider = compilerFor(layout, postgresLoader({ client: pool }));
    const metrics = [
      { name: 'aov', formula: 'revenue / COUNT(*)', productId: 'acme' },
      { name: 'revenue', formula: 'SUM(amount)' },
    ];
    for (const q of [query, { ...query, formula: 'aov * 2', groupBy: ['country'] }]) {
      const viaPg = await provider.compile(q);
      const direct = compile(q, { ...schema, events: schema.events.filter((e) => e.productId === 'acme'), metrics });
      expect(viaPg.sql).toBe(direct.sql);
      expect(viaPg.cacheKey).toBe(direct.cacheKey);
    }
    expect((await provider.compile({ ...query, formula: 'aov' })).metrics).toEqual(['aov', 'revenue']);
  });

  it('reads only the asking tenant: a hostile tenant id is a bound parameter, and a document row owns its tenant', async () => {
    const loader = postgresLoader({ client: pool });
    const hostile = await loader.loadTenant(HOSTILE_TENANT);
    expect(hostile.events.map((e) => (e as { productId: string }).productId)).toEqual([HOSTILE_TENANT]);
    const injected = await loader.loadTenant("acme' OR '1'='1");
    expect(injected.events).toEqual([]);
    // A document that names another tenant inside is the row's tenant's document.
    await pool.query('INSERT INTO metricc_documents (product_id, kind, name, document) VALUES ($1, $2, $3, $4)', ['mallory', 'event', 'spoof', JSON.stringify({ productId: 'acme', name: 'purchase', propertyMapping: { amount: { type: ['Float64'], column: 'Prop42' } } })]);
    const acme = await loader.loadTenant('acme');
    expect(acme.events.every((e) => (e as { productId: string }).productId === 'acme')).toBe(true);
    expect(JSON.stringify(acme.events)).not.toContain('Prop42');
    const mallory = await loader.loadTenant('mallory');
    expect(mallory.events).toEqual([expect.objectContaining({ productId: 'mallory', name: 'purchase' })]);
  });

  it('a changed document reaches compiles after invalidate (a new property claims a slot)', async () => {
    const provider = compilerFor(layout, postgresLoader({ client: pool }));
    await expect(provider.compile({ ...query, tenant: 'globex', formula: 'SUM(discount)' })).rejects.toThrow(CompileError);
    const doc = schema.events.find((e) => e.productId === 'globex')!;
    const { productId: _p, ...rest } = doc;
    await pool.query('UPDATE metricc_documents SET document = $3, updated_at = now() WHERE product_id = $1 AND kind = $2 AND name = $4', ['globex', 'event', JSON.stringify({ ...rest, propertyMapping: { ...rest.propertyMapping, discount: { type: ['Float64'], column: 'Prop77' } } }), doc.name]);
    provider.invalidate('globex');
    expect((await provider.compile({ ...query, tenant: 'globex', formula: 'SUM(discount)' })).sql).toContain('Prop77');
  });

  it('a poisoned row is a diagnostic, not a crash', async () => {
    await pool.query('INSERT INTO metricc_documents (product_id, kind, name, document) VALUES ($1, $2, $3, $4)', ['poison', 'event', 'x', JSON.stringify(['not', 'an', 'object'])]);
    const provider = compilerFor(layout, postgresLoader({ client: pool }));
    const out = await provider.check({ ...query, tenant: 'poison' });
    expect(out.diagnostics.map((d) => d.code)).toContain('invalid-schema');
  });

  it('refuses a table name that is not plain identifiers', () => {
    expect(() => postgresLoader({ client: pool, table: 'docs; DROP TABLE x' })).toThrow('plain identifiers');
    expect(postgresDocumentsTableSql('app.metricc_documents')).toContain('"app"."metricc_documents"');
  });
});

if (!binDir) {
  describe('postgresLoader on a real PostgreSQL server', () => {
    it.skip('skipped: PostgreSQL is not installed (apt-get install postgresql; .ci/run installs it)', () => {});
  });
}
