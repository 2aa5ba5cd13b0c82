// chdb ships its engine as per-platform optional packages (@chdb/lib-<platform>). The registry
// this project's machines reach has only the linux-x64 one, so `npm install` leaves the others out
// of package-lock.json and `npm ci` then rejects the lock as out of sync. This adds lock entries
// for them with their os/cpu, so npm skips them on other platforms and never fetches them here.
// Run after changing dependencies: `npm install && node scripts/lock-platform-packages.mjs`.
import { readFileSync, writeFileSync } from 'node:fs';

const PLATFORMS = {
  '@chdb/lib-darwin-arm64': { os: ['darwin'], cpu: ['arm64'] },
  '@chdb/lib-darwin-x64': { os: ['darwin'], cpu: ['x64'] },
  '@chdb/lib-linux-arm64-gnu': { os: ['linux'], cpu: ['arm64'], libc: ['glibc'] },
  '@chdb/lib-linux-x64-gnu': { os: ['linux'], cpu: ['x64'], libc: ['glibc'] },
};

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const chdb = lock.packages['node_modules/chdb'];
let added = 0;
for (const [name, version] of Object.entries(chdb?.optionalDependencies ?? {})) {
  const key = `node_modules/${name}`;
  if (lock.packages[key] || !PLATFORMS[name]) continue;
  lock.packages[key] = { version, dev: true, optional: true, ...PLATFORMS[name] };
  added++;
}
writeFileSync('package-lock.json', JSON.stringify(lock, null, 2) + '\n');
console.log(`lock-platform-packages: added ${added} entr${added === 1 ? 'y' : 'ies'}`);
