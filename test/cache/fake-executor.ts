/** A fake executor for cache tests: answers from a versioned "database", counts executions. */
import type { Executor, RunResult, Runnable } from '../../src/run/executor.js';

export class FakeExecutor implements Executor {
  readonly target: string;
  executions = 0;
  readonly version = new Map<string, number>();
  failNext = false;
  delayMs = 0;

  constructor(target = 'fake:1') {
    this.target = target;
  }

  answer(query: Runnable): string {
    const tenant = String(query.params['tenant']);
    return `${tenant}|${query.params['from']}|${query.sql.length}|v${this.version.get(tenant) ?? 0}`;
  }

  async run(query: Runnable): Promise<RunResult> {
    this.executions++;
    const value = this.answer(query);
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.failNext) {
      this.failNext = false;
      throw new Error('engine failed');
    }
    return { columns: query.columns, rows: [{ value }], stats: { elapsedMs: 1, rowsRead: 1, bytesRead: 1 } };
  }

  async close(): Promise<void> {}
}
