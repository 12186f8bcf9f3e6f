// The README's "Architecture" section stays true: every file it names exists, and its layer rows are the
// layers the import-graph test enforces (helpers/layers.ts), row by row.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from './helpers/config';
import { LAYERS } from './helpers/layers';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const start = readme.indexOf('\n## Architecture\n');
const section = readme.slice(start, readme.indexOf('\n## ', start + 1));

describe('README: Architecture', () => {
  it('names only files that exist', () => {
    assert.ok(start > 0, 'the section is there');
    const named = [...section.matchAll(/`((?:src|test|config)\/[^`\s]*|package\.json|eslint\.config\.mjs)`/g)].map((m) => m[1]);
    assert.ok(named.length > 40);
    const missing = named.filter((p) => !p.includes('<') && !existsSync(join(ROOT, p)) && p !== 'src/webview/');
    assert.deepEqual(missing, []);
  });

  it('shows the layers of the import-graph test, row by row', () => {
    const rows = [...section.matchAll(/^\| (\d+) \| (.*) \|$/gm)].map((m) => ({ row: Number(m[1]), text: m[2] }));
    assert.deepEqual(rows.map((r) => r.row), LAYERS.map((_, i) => i + 1));
    LAYERS.forEach((level, i) => {
      const paths = [...rows[i].text.matchAll(/`(src\/[^`]*)`/g)].map((m) => m[1]);
      assert.deepEqual(paths.sort(), level.flatMap((l) => l.paths).sort(), `row ${i + 1}`);
    });
  });
});
