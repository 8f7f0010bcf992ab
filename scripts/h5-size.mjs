// First-load JS of the H5: the scripts and modulepreloads in dist/web/m/index.html, plus their static imports.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const dist = new URL('../dist/web', import.meta.url).pathname;
const html = readFileSync(`${dist}/m/index.html`, 'utf8');
const refs = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]);
const seen = new Set();
const queue = [...refs];
while (queue.length) {
  const r = queue.shift();
  if (seen.has(r)) continue;
  seen.add(r);
  const code = readFileSync(dist + r, 'utf8');
  // static imports only: `import ... from"./x.js"` and `import"./x.js"` (not import("…"))
  for (const m of code.matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g)) queue.push(`/assets/${m[1]}`);
}
let raw = 0,
  gz = 0;
for (const r of seen) {
  const b = readFileSync(dist + r);
  const g = gzipSync(b, { level: 9 }).length;
  raw += b.length;
  gz += g;
  console.log(
    r.padEnd(40),
    (b.length / 1024).toFixed(1).padStart(8),
    'KB',
    (g / 1024).toFixed(1).padStart(8),
    'KB gz',
  );
}
console.log(
  'TOTAL'.padEnd(40),
  (raw / 1024).toFixed(1).padStart(8),
  'KB',
  (gz / 1024).toFixed(1).padStart(8),
  'KB gz',
);
const antd = [...seen].filter((r) =>
  /ant|antd/i.test(readFileSync(dist + r, 'utf8').match(/@ant-design|antd|ant-btn|ant-design/)?.[0] ?? ''),
);
console.log('antd markers in first-load chunks:', antd.length ? antd : 'none');
const css = [...html.matchAll(/href="(\/assets\/[^"]+\.css)"/g)].map((m) => m[1]);
for (const c of css) {
  const b = readFileSync(dist + c);
  console.log(
    'css',
    c,
    (b.length / 1024).toFixed(1),
    'KB',
    (gzipSync(b, { level: 9 }).length / 1024).toFixed(1),
    'KB gz',
  );
}
