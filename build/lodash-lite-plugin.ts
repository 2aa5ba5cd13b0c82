/**
 * The esbuild plugin that answers chevrotain's `lodash-es` imports with build/lodash-lite.ts:
 * used by tsup.config.ts for the package and by test/build/bundle.test.ts.
 */
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';

export const LODASH_LITE = fileURLToPath(new URL('./lodash-lite.ts', import.meta.url));

export const lodashLite: Plugin = {
  name: 'lodash-lite',
  setup: (build) => {
    build.onResolve({ filter: /^lodash-es$/ }, () => ({ path: LODASH_LITE }));
  },
};
