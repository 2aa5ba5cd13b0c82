/**
 * The calendar incremental caching plans buckets with (src/util/time.ts `bucketStart`,
 * `nextBucketStart`) against the engine's own `toStartOfHour` / `toStartOfDay` /
 * `toStartOfWeek(…, 1)` / `toStartOfMonth`: random instants 1995–2030 in zones with DST, half- and
 * quarter-hour offsets and southern summers. Where a zone's calendar and the engine's disagree
 * (the engine's quirks around DST changes at midnight, Lord Howe's half-hour DST), the cache
 * notices at run time and runs the whole query instead (test/cache/incremental.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { bucketStart, nextBucketStart } from '../../src/util/time.js';
import { rawQuery } from '../fixtures/engine.js';
import { mulberry32 } from '../fixtures/dataset.js';

const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/Sao_Paulo', 'Australia/Sydney', 'Pacific/Apia'];
const UNITS = ['hour', 'day', 'week', 'month'] as const;
const START = (t: string, z: string): Record<(typeof UNITS)[number], string> => ({
  hour: `toStartOfHour(${t}, '${z}')`,
  day: `toStartOfDay(${t}, '${z}')`,
  week: `toDateTime(toStartOfWeek(${t}, 1, '${z}'), '${z}')`,
  month: `toDateTime(toStartOfMonth(${t}, '${z}'), '${z}')`,
});

/** The engine's bucket start (epoch ms) of each instant. */
function engineStarts(instants: readonly number[], zone: string, unit: (typeof UNITS)[number]): number[] {
  const sql = `SELECT toUnixTimestamp(${START("toDateTime(x, 'UTC')", zone)[unit]}) FROM (SELECT arrayJoin([${instants.map((i) => Math.floor(i / 1000)).join(',')}]) AS x)`;
  return rawQuery(sql, 'CSV').trim().split('\n').map((s) => Number(s) * 1000);
}

describe('bucket calendar = the engine', () => {
  const rand = mulberry32(20261207);
  const from = Date.UTC(1995, 0, 1);
  const to = Date.UTC(2030, 0, 1);
  for (const zone of ZONES) {
    it(`${zone}: every unit's bucket start, and the next bucket's`, () => {
      for (const unit of UNITS) {
        const instants = Array.from({ length: 300 }, () => Math.floor((from + rand() * (to - from)) / 1000) * 1000);
        const mine = instants.map((t) => bucketStart(t, unit, zone));
        expect(mine, `${zone} ${unit}`).toEqual(engineStarts(instants, zone, unit));
        // The next bucket starts where the engine's next bucket starts: its first second is in a
        // new bucket, and the second before it is still in this one.
        const next = mine.map((s) => nextBucketStart(s, unit, zone));
        expect(engineStarts(next, zone, unit), `${zone} ${unit} next`).toEqual(next);
        expect(engineStarts(next.map((n) => n - 1000), zone, unit), `${zone} ${unit} before next`).toEqual(mine);
      }
    });
  }
});
