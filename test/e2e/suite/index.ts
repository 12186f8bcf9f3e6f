// Extension-host test entry: loaded by VS Code as `extensionTestsPath` (code-server through
// test/e2e/run.mjs, or desktop VS Code through @vscode/test-electron in scripts/test-desktop.mjs).
// It runs every *.test.js bundled next to it (out/e2e/suite/**/*.test.js) with mocha (tdd UI:
// suite/test/suiteSetup/...), then reports counts:
//   - a console line `E2E_RESULT {"passed":n,"failed":n,"pending":n}` (forwarded to the runner);
//   - the same JSON, plus the failures, in $LLM_ROUTER_E2E_RESULT_FILE when that is set; the file
//     is rewritten after every test (done: false) so that a run cut short still has its counts.
// Env read here: LLM_ROUTER_E2E_GREP (mocha grep), LLM_ROUTER_E2E_RESULT_FILE.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

export interface E2EResult {
  passed: number;
  failed: number;
  pending: number;
  failures: { title: string; error: string }[];
  files: string[];
  done: boolean;
}

function findTestFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...findTestFiles(p));
    else if (/\.test\.js$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

function writeResultFile(result: E2EResult): void {
  const file = process.env.LLM_ROUTER_E2E_RESULT_FILE;
  if (!file) return;
  try {
    fs.writeFileSync(file, JSON.stringify(result, null, 2));
  } catch (e) {
    console.error(`could not write ${file}: ${String(e)}`);
  }
}

function report(result: E2EResult): void {
  result.done = true;
  const line = JSON.stringify({ passed: result.passed, failed: result.failed, pending: result.pending });
  console.log(`E2E_RESULT ${line}`);
  writeResultFile(result);
}

export function run(): Promise<void> {
  const grep = process.env.LLM_ROUTER_E2E_GREP;
  const mocha = new Mocha({
    ui: 'tdd',
    timeout: 60_000,
    color: false,
    reporter: 'spec',
    ...(grep ? { grep } : {}),
  });
  const files = findTestFiles(__dirname);
  const result: E2EResult = {
    passed: 0,
    failed: 0,
    pending: 0,
    failures: [],
    files: files.map((f) => path.relative(__dirname, f)),
    done: false,
  };
  if (files.length === 0) {
    result.failed = 1;
    result.failures.push({ title: 'suite', error: `no *.test.js files next to ${__filename}` });
    report(result);
    return Promise.reject(new Error(`no *.test.js files in ${__dirname}`));
  }
  for (const f of files) mocha.addFile(f);

  return new Promise<void>((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        report(result);
        if (failures > 0 || result.failed > 0) reject(new Error(`${result.failed} test(s) failed`));
        else if (result.passed === 0) reject(new Error('no test ran'));
        else resolve();
      });
      runner.on('pass', () => {
        result.passed++;
        writeResultFile(result);
      });
      runner.on('pending', () => {
        result.pending++;
        writeResultFile(result);
      });
      runner.on('fail', (test, err: Error) => {
        result.failed++;
        result.failures.push({ title: test.fullTitle(), error: String(err?.stack || err) });
        writeResultFile(result);
      });
    } catch (err) {
      // A test file that throws while loading lands here.
      result.failed++;
      result.failures.push({ title: 'loading test files', error: String((err as Error)?.stack || err) });
      report(result);
      reject(err);
    }
  });
}
