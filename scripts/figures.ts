// The README's figures, generated: `npm run figures` writes every section between
// `<!-- generated:NAME -->` and `<!-- /generated:NAME -->` in README.md from real command output;
// `npm run figures:check` (run by `npm test`) fails when a section is stale or missing.
//
// To add a figure, add a section below and its two markers to the README. Checked figures must be
// deterministic (evaluations, counts, sizes), never timings: a timing would be stale on every run. A timing
// enters only as a committed measurement (bench/measurements/*.json, written by the script that measured it), which
// the section renders as it is, with where and when it was measured.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CliIO } from '../src/cli/io';
import { run } from '../src/cli/run';

export const ROOT = join(__dirname, '..');
export const README = join(ROOT, 'README.md');
const E2E_TOOLS = join(ROOT, 'bench', 'measurements', 'e2e-tools.json');

/** What scripts/measure-e2e-tools.mjs wrote. */
export interface E2eToolsMeasure {
  date: string;
  cpus: number;
  loadAverage: { before: number; after: number };
  installSeconds: number;
  toolBytes: number;
  parts: Record<string, number>;
}

const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;

/** The prerequisites' figures: the first install's time and size, and where they were measured. */
export function e2eToolsText(m: E2eToolsMeasure): string {
  const parts = Object.entries(m.parts)
    .sort((a, b) => b[1] - a[1])
    .map(([name, bytes]) => `${name} ${mb(bytes)}`)
    .join(', ');
  return [
    '',
    `Measured by \`node scripts/measure-e2e-tools.mjs\` on ${m.date} (an empty tool folder and npm cache, the Debian`,
    `packages already installed), on ${m.cpus} cores with a load average of ${m.loadAverage.before} at the start and ${m.loadAverage.after} at the end:`,
    `the first install took ${m.installSeconds} s (${(m.installSeconds / 60).toFixed(1)} minutes) and left ${mb(m.toolBytes)} in the tool folder (${parts}).`,
    '',
  ].join('\n');
}

export interface Section {
  name: string;
  /** `llm-router` arguments, run in-process from the repo root with no API keys in the environment. */
  cli?: string[];
  /** Or: the section's text, from a committed measurement (a file under bench/measurements). */
  render?: () => string;
  /** Files the command reads; when one is absent (no ../shared beside the repo), the section is left as is. */
  needs?: string[];
  /** Keep the output up to (not including) the first line matching this. */
  until?: RegExp;
}

export const SECTIONS: Section[] = [
  {
    name: 'eval-cv',
    cli: ['eval', '../shared/eval/requests.jsonl', '--cv', '5'],
    needs: [join(ROOT, '..', 'shared', 'eval', 'requests.jsonl')],
    until: /^cross-validated misses/,
  },
  {
    name: 'eval-extra',
    cli: ['eval', 'test/fixtures/eval-extra/requests.jsonl'],
    until: /^task type confusion/,
  },
  {
    name: 'eval-fresh',
    cli: ['eval', 'test/fixtures/eval-fresh/requests.jsonl'],
    until: /^task type confusion/,
  },
  {
    name: 'e2e-tools',
    render: () => e2eToolsText(JSON.parse(readFileSync(E2E_TOOLS, 'utf8')) as E2eToolsMeasure),
    needs: [E2E_TOOLS],
  },
];

async function outputOf(section: Section): Promise<string> {
  if (section.render) return section.render();
  let out = '';
  let err = '';
  const io: CliIO = { out: (t) => (out += t), err: (t) => (err += t), signal: new AbortController().signal, env: {}, cwd: ROOT };
  const code = await run(section.cli ?? [], io);
  if (code !== 0) throw new Error(`llm-router ${(section.cli ?? []).join(' ')} exited ${code}: ${err.trim()}`);
  const lines = out.replace(/\s+$/, '').split('\n');
  const stop = section.until ? lines.findIndex((l) => section.until!.test(l)) : -1;
  return (stop >= 0 ? lines.slice(0, stop) : lines).join('\n').replace(/\s+$/, '');
}

/** The section's text between its markers. */
export function sectionBody(section: Section, output: string): string {
  if (section.render) return output;
  return ['', '```text', `$ llm-router ${(section.cli ?? []).join(' ')}`, output, '```', ''].join('\n');
}

const markers = (name: string) => [`<!-- generated:${name} -->`, `<!-- /generated:${name} -->`] as const;

/** The README with `name`'s section replaced; throws when its markers are missing or out of order. */
export function replaceSection(readme: string, name: string, body: string): string {
  const [open, close] = markers(name);
  const a = readme.indexOf(open);
  const b = readme.indexOf(close);
  if (a < 0 || b < a) throw new Error(`README.md has no ${open} … ${close} pair`);
  return readme.slice(0, a + open.length) + body + readme.slice(b);
}

/** Names of generated sections in the README that no generator knows. */
export function unknownSections(readme: string, known: readonly Section[]): string[] {
  const names = [...readme.matchAll(/<!-- generated:([\w-]+) -->/g)].map((m) => m[1]);
  return names.filter((n) => !known.some((s) => s.name === n));
}

async function main() {
  const check = process.argv.includes('--check');
  const before = readFileSync(README, 'utf8');
  let after = before;
  const problems: string[] = unknownSections(before, SECTIONS).map((n) => `section "${n}" has no generator in scripts/figures.ts`);
  for (const s of SECTIONS) {
    const missing = (s.needs ?? []).filter((f) => !existsSync(f));
    if (missing.length) {
      console.log(`figures: ${s.name}: skipped, ${missing.join(', ')} not found`);
      continue;
    }
    try {
      const next = replaceSection(after, s.name, sectionBody(s, await outputOf(s)));
      if (next !== after) console.log(`figures: ${s.name}: ${check ? 'STALE' : 'updated'}`);
      if (check && next !== after) problems.push(`section "${s.name}" is stale: run \`npm run figures\``);
      after = next;
    } catch (err) {
      problems.push(`section "${s.name}": ${(err as Error).message}`);
    }
  }
  if (!check && after !== before) writeFileSync(README, after);
  if (problems.length) {
    for (const p of problems) console.error(`figures: ${p}`);
    process.exit(1);
  }
  console.log(check ? 'figures: README.md is up to date' : 'figures: done');
}

if (require.main === module) void main();
