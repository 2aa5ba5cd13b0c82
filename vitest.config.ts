import { defineConfig } from 'vitest/config';
import { LODASH_LITE } from './build/lodash-lite-plugin.js';

export default defineConfig({
  // The tests run chevrotain as the package ships it: with lodash-es answered by
  // build/lodash-lite.ts (tsup.config.ts), so chevrotain is processed here rather than by Node.
  resolve: { alias: { 'lodash-es': LODASH_LITE } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // chdb binds one engine per process: execution tests share it inside each worker.
    pool: 'forks',
    server: { deps: { inline: ['chevrotain', /@chevrotain\//] } },
  },
});
