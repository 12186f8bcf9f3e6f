#!/usr/bin/env node
// `npm test`: every stage runs, even after one fails, so a red lint never hides the e2e results.
// Each stage's output streams through as it runs; at the end a table of the stages (exit code, time,
// the test counts a runner printed) and an overall `N passed, N failed` line. Exit 1 if any stage failed.
//
//   node scripts/test-all.mjs [--skip STAGE]... [--only STAGE]...
// Stages: lint, typecheck, build, unit, e2e, start (`npm start` in a clean environment), and figures (`npm run figures:check`) when package.json has it.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const scripts = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts ?? {};

const STAGES = [
  { name: 'lint', script: 'lint' },
  { name: 'typecheck', script: 'typecheck' },
  { name: 'build', script: 'build' },
  { name: 'unit', script: 'test:unit' },
  { name: 'e2e', script: 'test:e2e' },
  { name: 'start', script: 'test:start' },
  { name: 'figures', script: 'figures:check' },
].filter((s) => scripts[s.script]);

const { values } = parseArgs({
  options: { skip: { type: 'string', multiple: true, default: [] }, only: { type: 'string', multiple: true, default: [] }, help: { type: 'boolean', short: 'h' } },
});
if (values.help) {
  console.log(`Usage: node scripts/test-all.mjs [--skip STAGE]... [--only STAGE]...\nStages: ${STAGES.map((s) => s.name).join(', ')}`);
  process.exit(0);
}
const unknown = [...values.skip, ...values.only].filter((n) => !STAGES.some((s) => s.name === n));
if (unknown.length) {
  console.error(`unknown stage(s): ${unknown.join(', ')} (stages: ${STAGES.map((s) => s.name).join(', ')})`);
  process.exit(2);
}
const selected = STAGES.filter((s) => (!values.only.length || values.only.includes(s.name)) && !values.skip.includes(s.name));

/** Test counts from the closing lines of node's runner (`ℹ pass N`) or ours (`N passed, N failed`). */
function countsOf(output) {
  const last = (re) => [...output.matchAll(re)].at(-1);
  const plain = last(/^(?:\w+: )?(\d+) passed, (\d+) failed/gm);
  if (plain) return { passed: Number(plain[1]), failed: Number(plain[2]) };
  const pass = last(/^ℹ pass (\d+)$/gm);
  const fail = last(/^ℹ fail (\d+)$/gm);
  return pass && fail ? { passed: Number(pass[1]), failed: Number(fail[1]) } : undefined;
}

function run(stage) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    let tail = '';
    const keep = (chunk, out) => {
      out.write(chunk);
      tail = (tail + chunk.toString()).slice(-20_000);
    };
    console.log(`\n=== ${stage.name}: npm run ${stage.script}`);
    const child = spawn('npm', ['run', '--silent', stage.script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (c) => keep(c, process.stdout));
    child.stderr.on('data', (c) => keep(c, process.stderr));
    child.on('close', (code, signal) => resolve({ ...stage, code: code ?? 1, signal, seconds: (Date.now() - t0) / 1000, counts: countsOf(tail) }));
  });
}

const results = [];
for (const stage of selected) results.push(await run(stage));

const rows = results.map((r) => [r.name, r.code === 0 ? 'ok' : `FAILED (exit ${r.signal ?? r.code})`, `${r.seconds.toFixed(0)} s`, r.counts ? `${r.counts.passed} passed, ${r.counts.failed} failed` : '']);
const widths = [0, 1, 2, 3].map((i) => Math.max(...[['stage', 'result', 'time', 'tests'], ...rows].map((row) => row[i].length)));
const line = (row) => `| ${row.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(`\n${line(['stage', 'result', 'time', 'tests'])}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const row of rows) console.log(line(row));
const failedStages = results.filter((r) => r.code !== 0);
const tests = results.reduce((a, r) => ({ passed: a.passed + (r.counts?.passed ?? 0), failed: a.failed + (r.counts?.failed ?? 0) }), { passed: 0, failed: 0 });
console.log(failedStages.length ? `\nfailed stages: ${failedStages.map((r) => r.name).join(', ')}` : '\nevery stage passed');
// A stage that failed without a test failing (lint, typecheck, build) still counts as one failure.
if (results.some((r) => r.counts) || failedStages.length) console.log(`${tests.passed} passed, ${tests.failed + failedStages.filter((r) => !r.counts?.failed).length} failed`);
process.exit(failedStages.length ? 1 : 0);
