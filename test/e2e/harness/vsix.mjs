// Package the extension as a .vsix with @vscode/vsce from the tool folder (vsce needs Node >= 22,
// so it runs on the tool folder's Node 24). The bundle already holds every dependency, hence
// --no-dependencies.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTools } from './tools.mjs';

const FALLBACK_IGNORE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'vscodeignore');

/**
 * Returns { vsix, ms, bytes, output }. `out` is the .vsix path to write.
 * Non-interactive: no stdin, and the checks that would prompt (repository, license) are waived.
 */
export function packageExtension({ extPath, out, tools = ensureTools(), log = console.log }) {
  const t0 = Date.now();
  mkdirSync(path.dirname(out), { recursive: true });
  const pkg = JSON.parse(readFileSync(path.join(extPath, 'package.json'), 'utf8'));
  const args = [tools.vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', out];
  if (!existsSync(path.join(extPath, '.vscodeignore')) && !pkg.files) {
    args.push('--ignoreFile', FALLBACK_IGNORE);
  }
  const r = spawnSync(tools.node24, args, {
    cwd: extPath,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
  const output = `${r.stdout || ''}${r.stderr || ''}`;
  if (r.status !== 0 || !existsSync(out)) {
    throw new Error(`vsce package failed (exit ${r.status}) in ${extPath}:\n${output.trim()}`);
  }
  const bytes = statSync(out).size;
  const ms = Date.now() - t0;
  log(`[vsce] packaged ${path.basename(out)} (${(bytes / 1024).toFixed(1)} KiB) in ${ms} ms`);
  return { vsix: out, ms, bytes, output };
}
