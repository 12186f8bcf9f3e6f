// Linear work on any input: classify() and countTokens() on 1 MB and 5 MB of one repeated character (the
// worst case of a BPE tokenizer: one long run that never splits), the median of a few runs each. Goal: 1 MB
// classifies in < 1 s. The ratio beside each 5 MB figure is to its 1 MB figure: at most about 5× (linear),
// less where both sizes are past the size above which tokens are counted by sampling (src/core/tokens.ts).
import { classify } from '../src/core/classify';
import { countTokens } from '../src/core/tokens';
import { percentile, sortedCopy, type BenchRow } from './lib';

const MB = 1024 * 1024;
const RUNS = 5;
const CHARS: [string, string][] = [
  ['a', '"a"'],
  ['=', '"="'],
  [' ', 'spaces'],
  ['\n', 'newlines'],
];

/** Median milliseconds of `f` on fresh strings (nothing is served from a cache of earlier counts). */
function median(make: (i: number) => string, f: (text: string) => unknown): number {
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const text = make(i);
    const t0 = performance.now();
    f(text);
    ms.push(performance.now() - t0);
  }
  return percentile(sortedCopy(ms), 50);
}

export async function run(): Promise<BenchRow[]> {
  countTokens('warm up: load the tokenizer');
  const rows: BenchRow[] = [];
  for (const [c, name] of CHARS) {
    // A distinct first line per run, so no run reuses an earlier run's counts.
    const text = (size: number) => (i: number) => `run ${i}\n${c.repeat(size)}`;
    for (const [what, f] of [
      ['classify()', (t: string) => classify({ action: 'explain', text: t })],
      ['countTokens()', (t: string) => countTokens(t)],
    ] as const) {
      const one = median(text(MB), f);
      const five = median(text(5 * MB), f);
      rows.push(
        { bench: 'linear', metric: `${what}, 1 MB of ${name}`, value: one, unit: 'ms', ...(what === 'classify()' ? { goal: '< 1000 ms' } : {}), note: `median of ${RUNS}` },
        { bench: 'linear', metric: `${what}, 5 MB of ${name}`, value: five, unit: 'ms', ratio: five / one, note: `median of ${RUNS}; ratio: to 1 MB` },
      );
    }
  }
  return rows;
}
