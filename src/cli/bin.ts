#!/usr/bin/env node
/** The `metricc` executable. */
import { main } from './main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(`metricc: internal error: ${(e as Error).stack ?? String(e)}`);
    process.exitCode = 70;
  },
);
