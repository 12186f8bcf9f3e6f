// Secret scanner throughput on real source text, and the privacy gate's per-request latency on 5 KB requests.
// Goals: ≥ 20 MB/s on source; p99 ≤ 1 ms for a 5 KB request (the gate runs on every cloud-bound request).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPrivacyGate, scanSecrets } from '../src/core/privacy';
import { GENERATORS, prng } from '../test/fixtures/secrets-corpus/generate';
import { percentile, sortedCopy, type BenchRow } from './lib';

const ROOT = join(__dirname, '..');

function sourceText(): string {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) files.push(p);
    }
  };
  walk(join(ROOT, 'src'));
  return files.sort().map((f) => readFileSync(f, 'utf8')).join('\n');
}

/** MB/s over `reps` scans of `text` (after a warm-up). */
function throughput(text: string, reps: number): number {
  for (let i = 0; i < 3; i++) scanSecrets(text);
  const t0 = process.hrtime.bigint();
  let sink = 0;
  for (let i = 0; i < reps; i++) sink += scanSecrets(text).length;
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (sink < 0) throw new Error('unreachable');
  return (Buffer.byteLength(text) * reps) / 1e6 / s;
}

export async function run(): Promise<BenchRow[]> {
  let src = sourceText();
  while (src.length < 1_000_000) src += '\n' + src;
  src = src.slice(0, 1_000_000);
  const bundle = readFileSync(join(ROOT, 'node_modules', 'typescript', 'lib', 'typescript.js'), 'utf8').slice(0, 1_000_000);

  // 5 KB requests: windows of real source; one in ten carries a generated secret.
  const rng = prng(5);
  const requests = Array.from({ length: 2000 }, (_, i) => {
    const at = Math.floor(rng.next() * (src.length - 5200));
    let text = src.slice(at, at + 5000);
    if (i % 10 === 0) text = text.slice(0, 2500) + `\nconst token = "${GENERATORS.ghp(rng)}";\n` + text.slice(2500);
    return { filePaths: [`/work/proj/src/file${i % 50}.ts`], text };
  });
  const gate = createPrivacyGate({ local_only: false, local_only_paths: ['**/.env*', '**/*.pem', '**/*.key', '**/id_rsa*', '**/secrets.*', '**/credentials*'], secrets: 'route_local' }, { workspaceRoots: ['/work/proj'] });
  for (let i = 0; i < 2000; i++) gate.check(requests[i % requests.length]); // warm up
  const N = 20_000;
  const samples = new Float64Array(N);
  let local = 0;
  for (let i = 0; i < N; i++) {
    const t0 = process.hrtime.bigint();
    const v = gate.check(requests[i % requests.length]);
    samples[i] = Number(process.hrtime.bigint() - t0) / 1000;
    if (v.localOnly) local++;
  }
  if (local !== N / 10) throw new Error(`expected ${N / 10} requests with secrets to stay local, got ${local}`);
  const s = sortedCopy(samples);
  return [
    { bench: 'privacy', metric: 'scanSecrets throughput, 1 MB of TypeScript source', value: throughput(src, 20), unit: 'MB/s', goal: '≥ 20 MB/s' },
    { bench: 'privacy', metric: 'scanSecrets throughput, 1 MB of bundled JS (typescript.js)', value: throughput(bundle, 10), unit: 'MB/s' },
    { bench: 'privacy', metric: `gate.check() p50, 5 KB request (${N} requests, 10% with a secret)`, value: percentile(s, 50), unit: 'µs' },
    { bench: 'privacy', metric: `gate.check() p99, 5 KB request (${N} requests, 10% with a secret)`, value: percentile(s, 99), unit: 'µs', goal: '≤ 1000 µs' },
  ];
}
