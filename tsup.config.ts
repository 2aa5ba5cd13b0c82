import { defineConfig } from 'tsup';
import { lodashLite } from './build/lodash-lite-plugin.js';

export default defineConfig({
  entry: { index: 'src/index.ts', 'run/index': 'src/run/index.ts', 'cli/bin': 'src/cli/bin.ts', 'cache/index': 'src/cache/index.ts', 'provider/index': 'src/provider/index.ts' },
  // ESM and CJS for the library; the CLI's CJS copy is deleted after the build (`npm run build`):
  // bin/metricc.mjs imports the ESM one, and nothing else could load it.
  format: ['esm', 'cjs'],
  // Type declarations for the library entries; the CLI is an executable, not an API.
  dts: { entry: { index: 'src/index.ts', 'run/index': 'src/run/index.ts', 'cache/index': 'src/cache/index.ts', 'provider/index': 'src/provider/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  // Engines are optional peer dependencies, loaded only by metricc/run.
  external: ['chdb', '@clickhouse/client', '@redis/client', 'pg'],
  // chevrotain is bundled, its lodash-es imports answered by the few functions it calls
  // (build/lodash-lite.ts), so a browser bundle of the compiler carries no lodash machinery
  // (docs/benchmarks.md, "Browser bundle"); its Apache-2.0 licence is in THIRD-PARTY-NOTICES.md.
  noExternal: ['chevrotain', /^@chevrotain\//, 'lodash-es'],
  esbuildPlugins: [lodashLite],
  treeshake: true,
});
