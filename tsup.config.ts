import { defineConfig } from 'tsup';

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
  treeshake: true,
});
