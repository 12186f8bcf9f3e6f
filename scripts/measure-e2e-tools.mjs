#!/usr/bin/env node
// Measures the end-to-end tools' first install as a new user meets it: scripts/e2e-setup.sh into an empty tool
// folder, with an empty npm cache (a fresh HOME holding only ~/.npmrc), timed, then its size on disk. Writes
// bench/measurements/e2e-tools.json, which `npm run figures` turns into the README's prerequisites figures.
// Slow (minutes) and heavy: run it by hand, not in tests. Debian packages already installed are not reinstalled.
//   node scripts/measure-e2e-tools.mjs [--keep]    (--keep: leave the temporary folders)
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(import.meta.dirname, '..');
const OUT = path.join(ROOT, 'bench', 'measurements', 'e2e-tools.json');

/** Bytes under `dir`, as `du` counts them (blocks in use, 1024-byte units). */
const du = (dir) => Number(spawnSync('du', ['-sk', dir], { encoding: 'utf8' }).stdout.split('\t')[0]) * 1024;

const tmp = mkdtempSync(path.join(os.tmpdir(), 'llm-router-tools-'));
const home = path.join(tmp, 'home');
const tools = path.join(tmp, 'tools');
mkdirSync(home);
const npmrc = path.join(os.homedir(), '.npmrc');
if (existsSync(npmrc)) copyFileSync(npmrc, path.join(home, '.npmrc'));

const loadBefore = os.loadavg()[0];
const t0 = process.hrtime.bigint();
const r = spawnSync('bash', [path.join(ROOT, 'scripts', 'e2e-setup.sh')], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, HOME: home, LLM_ROUTER_TOOLS: tools } });
const seconds = Math.round(Number(process.hrtime.bigint() - t0) / 1e9);
const loadAfter = os.loadavg()[0];
if (r.status !== 0) {
  console.error(`e2e-setup.sh exited ${r.status}; nothing written`);
  process.exit(1);
}
const parts = Object.fromEntries(readdirSync(tools, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => [d.name, du(path.join(tools, d.name))]));
const result = {
  date: new Date().toISOString().slice(0, 10),
  cpus: os.cpus().length,
  loadAverage: { before: Math.round(loadBefore * 10) / 10, after: Math.round(loadAfter * 10) / 10 },
  npmCache: 'empty',
  installSeconds: seconds,
  toolBytes: du(tools),
  parts,
};
mkdirSync(path.dirname(OUT), { recursive: true });
writeFileSync(OUT, JSON.stringify(result, null, 2) + '\n');
console.log(JSON.stringify(result, null, 2));
if (!process.argv.includes('--keep')) rmSync(tmp, { recursive: true, force: true });
