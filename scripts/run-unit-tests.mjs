// Runs every test/unit/**/*.test.ts with node's own runner (TypeScript through tsx).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = 'test/unit';
const files = [];
const walk = (dir) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.test.ts')) files.push(p);
  }
};
walk(root);
const filter = process.argv.slice(2);
const selected = filter.length ? files.filter((f) => filter.some((x) => f.includes(x))) : files;
// Tests never touch the user's real ledger: a fresh state dir for the run.
const stateDir = mkdtempSync(join(tmpdir(), 'llm-router-unit-state-'));
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', '--test-timeout=600000', ...selected], {
  stdio: 'inherit',
  env: { ...process.env, NODE_NO_WARNINGS: '1', LLM_ROUTER_STATE_DIR: stateDir },
});
rmSync(stateDir, { recursive: true, force: true });
process.exit(r.status ?? 1);
