// The dashboard's page assets: the page script written in TypeScript (src/webview) with no eval, no markup
// from strings and nothing remote; it is built into one file that the .vsix ships; and the vendored codicons
// are exactly what the pinned @vscode/codicons ships.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { globToRegExp } from '../../src/core/privacy';
import type { BuildOptions } from 'esbuild';
import { ROOT } from './helpers/config';

const media = (...p: string[]) => join(ROOT, 'media', ...p);
const filesUnder = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
const scripts = filesUnder(join(ROOT, 'src', 'webview'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ f: relative(ROOT, f), text: readFileSync(f, 'utf8') }));

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

  it('no hand-written script over 200 lines in media/ (the page is TypeScript in src/webview)', () => {
    assert.ok(scripts.some((s) => s.f.endsWith('main.ts')), 'src/webview/main.ts is missing');
    for (const f of filesUnder(media()).filter((x) => /\.[cm]?js$/.test(x) && !x.includes(`${join('media', 'vendor')}`))) {
      const lines = readFileSync(f, 'utf8').split('\n').length;
      assert.ok(lines <= 200, `${relative(ROOT, f)} has ${lines} lines`);
    }
  });

  it('esbuild bundles the page for the browser into one file, and the .vsix ships that file', () => {
    const { builds } = createRequire(join(ROOT, 'esbuild.js'))('./esbuild.js') as { builds: BuildOptions[] };
    const page = builds.filter((b) => b.platform === 'browser');
    assert.deepEqual(page.map((b) => [b.entryPoints, b.format, b.bundle]), [[['src/webview/main.ts'], 'iife', true]]);
    const ignore = readFileSync(join(ROOT, '.vscodeignore'), 'utf8').split('\n').map((l) => l.trim());
    const shipped = ignore.filter((l) => l.startsWith('!')).some((l) => globToRegExp(l.slice(1)).test(page[0].outfile!));
    assert.ok(shipped, `.vscodeignore leaves ${page[0].outfile} out of the .vsix`);
  });

  it('the vendored codicon font and stylesheet are the pinned package files', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    assert.ok(pkg.devDependencies['@vscode/codicons'], '@vscode/codicons is not pinned');
    for (const f of ['codicon.ttf', 'codicon.css']) {
      assert.ok(readFileSync(media('vendor', 'codicons', f)).equals(readFileSync(join(ROOT, 'node_modules', '@vscode', 'codicons', 'dist', f))), `media/vendor/codicons/${f} differs from the package: copy it again`);
    }
  });
});
