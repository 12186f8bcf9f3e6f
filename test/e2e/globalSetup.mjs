// Starts the fake provider server (all protocols on one port) for the end-to-end run, in its own process.
// The extension host gets its URL as LLM_ROUTER_TEST_FAKE_URL; tests script faults and read its log over
// the control endpoints (/__fake/script, /__fake/log, /__fake/reset).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export async function setup() {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/fixtures/fakeProviders/serve.ts'), '--port', '0', '--kind', 'all', '--chunk-delay', '5'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('the fake provider server did not start within 20 s')), 20_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /READY (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`the fake provider server exited with ${code}`)));
  });
  // One ledger for the extension host and the CLI runs it starts, so the status bar can follow the CLI.
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'llm-router-e2e-state-'));
  const keys = { ANTHROPIC_API_KEY: 'sk-ant-e2e-test-key-0001', GROQ_API_KEY: 'gsk_e2e_test_key_0002' };
  return {
    // run.mjs fails the run if any of these shows up in a log, a screenshot or the test output.
    secrets: [...Object.values(keys), 'sk-e2e-stored-key-123456'],
    env: {
      LLM_ROUTER_TEST_FAKE_URL: url,
      // The walkthrough looks for local model servers here instead of the usual ports: the fake server
      // answers LM Studio's probe (OpenAI's /v1/models).
      LLM_ROUTER_TEST_RUNTIMES: JSON.stringify([
        { provider: 'lmstudio', label: 'LM Studio', type: 'openai_compatible', base_url: `${url}/v1`, probe: '/v1/models', expect: 'data', models: '/v1/models' },
      ]),
      LLM_ROUTER_STATE_DIR: stateDir,
      ...keys,
      OPENAI_API_KEY: '',
    },
    teardown: () =>
      new Promise((resolve) => {
        rmSync(stateDir, { recursive: true, force: true });
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
