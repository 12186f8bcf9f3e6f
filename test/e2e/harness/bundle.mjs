// Bundles the extension-host suite with esbuild: test/e2e/suite/index.ts and every
// test/e2e/suite/**/*.test.ts become out/e2e/suite/index.js and out/e2e/suite/**/*.test.js
// (CommonJS, `vscode` external, mocha bundled into index.js). index.js finds the *.test.js files
// next to it at run time, as the usual @vscode/test-electron suites do.
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { REPO_ROOT } from './tools.mjs';

export const SUITE_SRC = path.join(REPO_ROOT, 'test', 'e2e', 'suite');
export const SUITE_OUT = path.join(REPO_ROOT, 'out', 'e2e', 'suite');

function findTests(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...findTests(p));
    else if (/\.test\.ts$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

/** Returns { index, tests: [relative paths], ms }. */
export async function bundleSuite({ srcDir = SUITE_SRC, outDir = SUITE_OUT } = {}) {
  const t0 = Date.now();
  const tests = findTests(srcDir);
  rmSync(outDir, { recursive: true, force: true }); // no stale *.test.js from deleted tests
  await esbuild.build({
    entryPoints: [path.join(srcDir, 'index.ts'), ...tests],
    outdir: outDir,
    outbase: srcDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'warning',
    // mocha's optional/dynamic requires that the extension host never takes
    logOverride: { 'require-resolve-not-external': 'silent', 'unsupported-dynamic-import': 'silent' },
  });
  return {
    index: path.join(outDir, 'index.js'),
    tests: tests.map((t) => path.relative(srcDir, t)),
    ms: Date.now() - t0,
  };
}
