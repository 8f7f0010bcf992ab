import { execFileSync } from 'node:child_process';

/** The browser tests run against the built web: build it if it is missing or stale. */
export default function setup() {
  execFileSync(process.execPath, ['scripts/ensure-web-build.mjs'], { stdio: 'inherit' });
}
