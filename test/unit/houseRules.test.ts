// The rules of the house (design.md), checked on the source so a slip fails the unit tests too.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import known from '../../config/known_providers.json';
import prices from '../../config/prices.json';
import { ROOT } from './helpers/config';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}
const SRC = join(ROOT, 'src');
const files = sources(SRC).map((p) => ({ path: relative(ROOT, p), text: readFileSync(p, 'utf8') }));

describe('rules of the house', () => {
  it('1: src/core never imports vscode', () => {
    const hits = files.filter((f) => f.path.startsWith('src/core/') && /from ['"]vscode['"]|require\(['"]vscode['"]\)/.test(f.text));
    assert.deepEqual(hits.map((h) => h.path), []);
  });

  it('1: and lint fails such an import', () => {
    const probe = join(SRC, 'core', '__lint_probe__.ts');
    writeFileSync(probe, "import * as vscode from 'vscode';\nexport const x = vscode;\n");
    try {
      const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js'), probe], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /src\/core is pure: it never imports vscode/);
    } finally {
      rmSync(probe, { force: true });
    }
  });

  it('2: SDKs are imported only in src/core/providers, always with maxRetries: 0', () => {
    const sdk = /from ['"](openai|@anthropic-ai\/sdk|groq-sdk|ollama)(\/[^'"]*)?['"]|import\(['"](openai|@anthropic-ai\/sdk|groq-sdk|ollama)['"]\)/;
    const outside = files.filter((f) => !f.path.startsWith('src/core/providers/') && sdk.test(f.text));
    assert.deepEqual(outside.map((h) => h.path), []);
    for (const f of files.filter((x) => x.path.startsWith('src/core/providers/') && /new (OpenAI|Anthropic|Groq)\(/.test(x.text))) {
      assert.match(f.text, /maxRetries: 0/, `${f.path} builds an SDK client without maxRetries: 0`);
    }
  });

  it('3: no provider or model name appears in src/', () => {
    const models = Object.values(prices.providers).flatMap((m) => Object.keys(m));
    const providerNames = Object.keys(known.providers);
    const found: string[] = [];
    for (const f of files) {
      for (const m of models) if (f.text.includes(`'${m}'`) || f.text.includes(`"${m}"`) || f.text.includes(`\`${m}\``)) found.push(`${f.path}: ${m}`);
      if (f.path.startsWith('src/core/providers/') || f.path === 'src/core/types.ts') continue;
      for (const n of providerNames) if (new RegExp(`['"\`]${n}['"\`:]`).test(f.text)) found.push(`${f.path}: ${n}`);
    }
    assert.deepEqual(found, []);
  });
});
