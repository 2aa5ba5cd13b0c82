/**
 * The playground's Vite config: the page in playground/, the compiler core imported from ../src
 * (browser-safe by contract), and the bundle split so that the compiler's share — metricc's core,
 * chevrotain and zod — is one chunk whose size `npm run build:playground` reports. chevrotain's
 * lodash-es imports are answered by build/lodash-lite.ts, as in the package build.
 */
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { dirname, resolve, sep } from 'node:path';
import { LODASH_LITE } from '../build/lodash-lite-plugin.js';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const core = resolve(repo, 'src') + sep;
const compilerDeps = /[\\/]node_modules[\\/](chevrotain|@chevrotain|zod|lodash-es|regexp-to-ast)[\\/]/;

export default defineConfig({
  root: here,
  base: './',
  publicDir: false,
  server: { fs: { allow: [repo] } },
  // chevrotain's lodash-es imports answered as in the package build (build/lodash-lite.ts).
  resolve: { alias: { 'lodash-es': LODASH_LITE } },
  // Pre-bundle every dependency up front: a dependency discovered later would reload the page.
  optimizeDeps: {
    include: ['chevrotain', 'zod', '@codemirror/state', '@codemirror/view', '@codemirror/commands', '@codemirror/autocomplete', '@codemirror/lint', 'chart.js'],
  },
  build: {
    outDir: resolve(here, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'compiler', test: (id: string) => id.startsWith(core) || compilerDeps.test(id), priority: 3 },
            { name: 'editor', test: /[\\/]node_modules[\\/](@codemirror|@lezer|style-mod|w3c-keyname|crelt)[\\/]/, priority: 2 },
            { name: 'chart', test: /[\\/]node_modules[\\/](chart\.js|@kurkle)[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
});
