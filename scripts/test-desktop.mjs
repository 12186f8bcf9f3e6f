#!/usr/bin/env node
// The extension-host suite (test/e2e/suite) on desktop VS Code through @vscode/test-electron,
// for machines with internet access (it downloads VS Code) and a display (on headless Linux, run
// it under `xvfb-run -a`). On these machines use test/e2e/run.mjs, which runs the same suite in
// code-server.
//
//   npm i -D @vscode/test-electron@2.5.2      (once, where the network allows it)
//   npm run build && node scripts/test-desktop.mjs [--vscode-version 1.104.0] [--workspace-trust] [--grep RE] [--help]
//
// Ends with `N passed, N failed`, from the same result file the suite writes under code-server.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleSuite } from '../test/e2e/harness/bundle.mjs';
import { UsageError } from '../test/e2e/harness/flags.mjs';
import { DESKTOP_HELP, desktopOptions } from '../test/e2e/harness/options.mjs';
import { REPO_ROOT } from '../test/e2e/harness/tools.mjs';

async function main() {
  const opts = desktopOptions(process.argv.slice(2));
  if (opts.help) {
    console.log(DESKTOP_HELP);
    return 0;
  }
  let testElectron;
  try {
    testElectron = await import('@vscode/test-electron');
  } catch {
    console.error(
      '[test-desktop] @vscode/test-electron is not installed. It downloads VS Code, so it only works with internet access:\n' +
        '  npm i -D @vscode/test-electron@2.5.2 && node scripts/test-desktop.mjs\n' +
        'Without internet, run the same suite in code-server: node test/e2e/run.mjs',
    );
    return 2;
  }
  const runTests = testElectron.runTests ?? testElectron.default?.runTests;

  const bundle = await bundleSuite();
  console.log(`[test-desktop] bundled ${bundle.tests.length} test file(s) in ${bundle.ms} ms`);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'llm-router-desktop-'));
  const workspace = path.join(tmp, 'workspace');
  cpSync(path.join(REPO_ROOT, 'test', 'e2e', 'workspace'), workspace, { recursive: true });
  const resultFile = path.join(tmp, 'result.json');

  let error = null;
  try {
    await runTests({
      version: opts.version,
      extensionDevelopmentPath: opts.ext,
      extensionTestsPath: bundle.index,
      launchArgs: [
        workspace,
        '--disable-extensions', // other installed extensions; the one under development still loads
        '--user-data-dir', path.join(tmp, 'user-data'),
        '--extensions-dir', path.join(tmp, 'extensions'),
        ...(opts.workspaceTrust ? [] : ['--disable-workspace-trust']),
      ],
      extensionTestsEnv: {
        LLM_ROUTER_E2E: '1',
        LLM_ROUTER_E2E_PHASE: 'host',
        LLM_ROUTER_E2E_WORKSPACE: workspace,
        LLM_ROUTER_E2E_RESULT_FILE: resultFile,
        LLM_ROUTER_E2E_WORKSPACE_TRUST: opts.workspaceTrust ? '1' : '0',
        ...(opts.grep ? { LLM_ROUTER_E2E_GREP: opts.grep } : {}),
      },
    });
  } catch (e) {
    error = e; // runTests rejects when the suite's exit code is not 0
  }

  let result = null;
  if (existsSync(resultFile)) result = JSON.parse(readFileSync(resultFile, 'utf8'));
  rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
  const passed = result?.passed ?? 0;
  let failed = result?.failed ?? 0;
  if (!result || (error && failed === 0)) {
    failed++;
    console.error(`[test-desktop] ${error ? `run failed: ${error.message || error}` : 'the suite reported no result'}`);
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof UsageError ? `[test-desktop] ${e.message}` : e);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
