// Decision time over 100k+ decisions with a 20-rule config. Goal: p99 ≤ 10 µs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { parseConfig } from '../src/core/config/load';
import { createDecider } from '../src/core/rules';
import { COMPLEXITIES, TASK_TYPES, type BudgetState } from '../src/core/types';
import { percentile, sortedCopy, type BenchRow } from './lib';

const N = 200_000;

/** The shipped config padded to 20 explicit rules, every key set. */
function twentyRuleConfig() {
  const doc = parseDocument(readFileSync(join(__dirname, '..', 'config', 'llm_routing.yaml'), 'utf8'));
  const rules = doc.get('rules') as { items: unknown[] };
  let i = 0;
  while (rules.items.length < 20) {
    // Narrow rules placed before the catch-all, so real lookups walk past them.
    rules.items.splice(rules.items.length - 2, 0, doc.createNode({ id: `pad-${i++}`, when: { action: 'inline', min_tokens: 90_000 + i }, use: ['ollama'], reason: 'padding' }));
  }
  const env: Record<string, string> = { GROQ_API_KEY: 'k', ANTHROPIC_API_KEY: 'k', OPENAI_API_KEY: 'k', TOGETHER_API_KEY: 'k' };
  return parseConfig(doc.toString(), { file: 'bench.yaml', env: (n) => env[n] });
}

export async function run(): Promise<BenchRow[]> {
  const cfg = twentyRuleConfig();
  const decide = createDecider(cfg);
  const states: BudgetState[] = ['ok', 'ok', 'ok', 'warning', 'exhausted'];
  const inputs = Array.from({ length: 1024 }, (_, i) => ({
    taskType: TASK_TYPES[i % TASK_TYPES.length],
    complexity: COMPLEXITIES[(i >> 3) % 3],
    contextTokens: (i * 7919) % 60_000,
  }));
  for (let i = 0; i < 20_000; i++) decide(inputs[i & 1023], { state: states[i % 5] }); // warm up
  const samples = new Float64Array(N);
  let sink = 0;
  for (let i = 0; i < N; i++) {
    const t0 = process.hrtime.bigint();
    const d = decide(inputs[i & 1023], { state: states[i % 5] });
    samples[i] = Number(process.hrtime.bigint() - t0) / 1000;
    sink += d.chain.length;
  }
  if (!sink) throw new Error('no decisions');
  const s = sortedCopy(samples);
  const rows = cfg.rules.filter((r) => r.source === 'rules').length;
  return [
    { bench: 'decision', metric: `decide() p50 (${rows} rules, ${N} decisions)`, value: percentile(s, 50), unit: 'µs' },
    { bench: 'decision', metric: `decide() p99 (${rows} rules, ${N} decisions)`, value: percentile(s, 99), unit: 'µs', goal: '≤ 10 µs' },
  ];
}
