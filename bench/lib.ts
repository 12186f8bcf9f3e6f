// Shared bench helpers: percentiles, rows, and the fake provider server in a process of its own.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface BenchRow {
  bench: string;
  metric: string;
  value: number;
  unit: string;
  /** Against a peer measured in the same run (e.g. a direct SDK call), where one exists. */
  ratio?: number;
  goal?: string;
  note?: string;
}

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values as ArrayLike<number>).sort();
}

export const nowNs = () => process.hrtime.bigint();

/**
 * The fake provider server in its own process (so its work does not share the bench's event loop).
 * It exits when the bench closes its stdin.
 */
export async function startFakeServer(kind: 'openai' | 'anthropic' | 'ollama' | 'all', chunks: number): Promise<{ url: string; child: ChildProcess }> {
  const serve = join(__dirname, '..', 'test', 'fixtures', 'fakeProviders', 'serve.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', serve, '--port', '0', '--kind', kind, '--chunks', String(chunks), '--exit-on-stdin-end'], {
    cwd: join(__dirname, '..'),
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`fake server exited ${code}`)));
  });
  return { url, child };
}
