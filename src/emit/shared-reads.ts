/**
 * Property reads written once. A read of a property kept in many slots is a `multiIf` over the
 * row's event with one converted slot per branch; writing it again at every reference made a
 * formula of 10,000 references emit ~100 MB. Each distinct read gets a marker while the query is
 * emitted; at the end a read used once is put back inline (lean SQL stays as it was), and a long
 * read (one that tests the row's event) used more than once becomes one `WITH <read> AS __r0` and
 * its references `__r0`; a short single-slot read stays inline, where it reads best. The markers
 * hold a NUL character, which no SQL metricc writes can contain.
 */
import type { SqlBudget } from './sql-budget.js';

const MARKER = /\u0000(\d+)\u0000/g;
const ANY_ROWS = {};
/** Reads shorter than this stay inline however often they are used (a single slot, converted). */
const SHARE_MIN_LENGTH = 64;

export class SharedReads {
  private readonly byText = new Map<string, number>();
  private readonly texts: string[] = [];
  private readonly uses: number[] = [];

  /** Markers per reads list, rows' events and type (by identity: the checker shares them). */
  private readonly byRead = new WeakMap<object, WeakMap<object, Map<string, string>>>();

  constructor(private readonly budget: SqlBudget) {}

  /**
   * The marker for a property read, writing its text (with `make`) only the first time the same
   * reads list is read as the same type by rows of the same events.
   */
  read(reads: object, rowEvents: object | undefined, type: string, make: () => string): string {
    let byRows = this.byRead.get(reads);
    if (!byRows) this.byRead.set(reads, (byRows = new WeakMap()));
    const rows = rowEvents ?? ANY_ROWS;
    let byType = byRows.get(rows);
    if (!byType) byRows.set(rows, (byType = new Map()));
    const known = byType.get(type);
    if (known !== undefined) {
      this.count(known);
      return known;
    }
    const marker = this.use(make());
    byType.set(type, marker);
    return marker;
  }

  private count(marker: string): void {
    const id = Number(marker.slice(1, -1));
    const text = this.texts[id]!;
    this.budget.spend(text.length >= SHARE_MIN_LENGTH ? 6 : text.length);
    this.uses[id]!++;
  }

  /** A marker standing for `text` wherever it is used. */
  use(text: string): string {
    let id = this.byText.get(text);
    if (id === undefined) {
      id = this.texts.length;
      this.byText.set(text, id);
      this.texts.push(text);
      this.uses.push(0);
      this.budget.spend(text.length);
      this.uses[id]!++;
      return `\u0000${id}\u0000`;
    }
    const marker = `\u0000${id}\u0000`;
    this.count(marker);
    return marker;
  }

  /** The text with every read written in place (for a key or a DDL expression, not a query). */
  inline(sql: string): string {
    return sql.replace(MARKER, (_, id: string) => this.texts[Number(id)]!);
  }

  /** The final SQL: markers resolved, and the WITH clause for reads used more than once. */
  resolve(sql: string): string {
    if (this.texts.length === 0) return sql;
    const aliases = new Map<number, string>();
    for (const [id, count] of this.uses.entries()) {
      if (count > 1 && this.texts[id]!.length >= SHARE_MIN_LENGTH) aliases.set(id, `__r${aliases.size}`);
    }
    const body = sql.replace(MARKER, (_, id: string) => aliases.get(Number(id)) ?? this.texts[Number(id)]!);
    if (aliases.size === 0) return body;
    const defs = [...aliases].map(([id, alias]) => `${this.texts[id]} AS ${alias}`);
    return `WITH ${defs.join(',\n  ')}\n${body}`;
  }
}
