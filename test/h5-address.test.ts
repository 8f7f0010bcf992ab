import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The H5 speaks to a worker the way a union service window does: 您, on every page. The modules once
 * mixed 你 and 您 (each was written on its own); this keeps a new string from bringing 你 back.
 */
describe('H5 form of address', () => {
  it('uses 您 in every H5 string file', () => {
    const dir = path.resolve('src/web/h5');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.i18n.ts'),
    );
    expect(files.length).toBeGreaterThanOrEqual(7);
    const informal = files.flatMap((f) =>
      readFileSync(path.join(dir, f), 'utf8')
        .split('\n')
        .map((line, i) => ({ at: `${f}:${i + 1}`, line }))
        .filter((l) => l.line.includes('你')),
    );
    expect(informal).toEqual([]);
  });
});
