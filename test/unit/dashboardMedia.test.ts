// The dashboard's page assets: no eval, no markup from strings, nothing remote, and the vendored codicons
// exactly as the pinned @vscode/codicons ships them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from './helpers/config';

const media = (...p: string[]) => join(ROOT, 'media', ...p);
const scripts = ['dashboard.js', 'check.js'].map((f) => ({ f, text: readFileSync(media(f), 'utf8') }));

describe('dashboard: page assets', () => {
  it('scripts never evaluate strings or build markup from them', () => {
    for (const { f, text } of scripts) {
      for (const bad of [/\beval\s*\(/, /new\s+Function\s*\(/, /\.innerHTML\b/, /\.outerHTML\s*=/, /insertAdjacentHTML/, /document\.write/, /setTimeout\(\s*['"`]/]) {
        assert.doesNotMatch(text, bad, `${f} uses ${bad}`);
      }
    }
  });

  it('nothing remote: no URL to another origin, no fetch or socket', () => {
    const css = readFileSync(media('dashboard.css'), 'utf8');
    for (const { f, text } of [...scripts, { f: 'dashboard.css', text: css }]) {
      assert.doesNotMatch(text.replace(/http:\/\/www\.w3\.org\/2000\/svg/g, ''), /https?:\/\//, `${f} names a remote URL`);
      assert.doesNotMatch(text, /\bfetch\(|XMLHttpRequest|WebSocket|EventSource|importScripts/, `${f} opens a connection`);
    }
  });

  it('the vendored codicon font and stylesheet are the pinned package files', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    assert.ok(pkg.devDependencies['@vscode/codicons'], '@vscode/codicons is not pinned');
    for (const f of ['codicon.ttf', 'codicon.css']) {
      assert.ok(readFileSync(media('vendor', 'codicons', f)).equals(readFileSync(join(ROOT, 'node_modules', '@vscode', 'codicons', 'dist', f))), `media/vendor/codicons/${f} differs from the package: copy it again`);
    }
  });
});
