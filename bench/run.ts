// `npm run bench`: runs every bench/*.bench.ts (or those named on the command line), prints a table,
// writes bench/results/<timestamp>.json (this run) and bench/results/latest.json: every bench's latest rows,
// those of this run replacing theirs, each figure with its ratio where it has a peer.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchRow } from './lib';

async function main() {
  const only = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => !only.length || only.some((o) => f.includes(o)))
    .sort();
  const rows: BenchRow[] = [];
  for (const f of files) {
    const mod = (await import(join(__dirname, f))) as { run(): Promise<BenchRow[]> };
    process.stderr.write(`running ${f}…\n`);
    rows.push(...(await mod.run()));
  }
  const fmt = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 1 ? n.toFixed(2) : n.toFixed(3));
  const table = [['bench', 'metric', 'value', 'ratio', 'goal']].concat(
    rows.map((r) => [r.bench, r.metric, `${fmt(r.value)} ${r.unit}`, r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`, r.goal ?? '']),
  );
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  for (const row of table) console.log(row.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd());
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const at = new Date().toISOString();
  const result = { at, node: process.version, rows };
  writeFileSync(join(dir, `${at.replace(/[:.]/g, '-')}.json`), JSON.stringify(result, null, 2));
  writeFileSync(join(dir, 'latest.json'), JSON.stringify(mergeLatest(join(dir, 'latest.json'), rows, at), null, 2));
  console.log(`\nwrote bench/results/latest.json`);
}

/** The previous latest.json with the benches that ran replaced; each row says when it was measured. */
function mergeLatest(file: string, rows: BenchRow[], at: string) {
  const ran = new Set(rows.map((r) => r.bench));
  let kept: (BenchRow & { at?: string })[] = [];
  if (existsSync(file)) {
    try {
      const prev = JSON.parse(readFileSync(file, 'utf8')) as { at?: string; rows?: (BenchRow & { at?: string })[] };
      kept = (prev.rows ?? []).filter((r) => !ran.has(r.bench)).map((r) => ({ ...r, at: r.at ?? prev.at }));
    } catch {
      // an unreadable file is replaced
    }
  }
  return { at, node: process.version, rows: [...kept, ...rows.map((r) => ({ ...r, at }))] };
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
