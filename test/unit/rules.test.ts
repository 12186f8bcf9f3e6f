import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { createDecider } from '../../src/core/rules';
import { COMPLEXITIES, TASK_TYPES, type BudgetSnapshot, type Complexity, type Decision, type DecideOptions, type TaskType } from '../../src/core/types';
import { ALL_KEYS, deciderFor, fromYaml, seed, shipped } from './helpers/config';

const usable = (d: Decision) => d.chain.filter((s) => !s.skipped).map((s) => `${s.provider}:${s.model}`);
const first = (d: Decision) => usable(d)[0];

function route(taskType: TaskType, complexity: Complexity, contextTokens = 500, budget: BudgetSnapshot = { state: 'ok' }, opts: DecideOptions = {}) {
  return createDecider(shipped())({ taskType, complexity, contextTokens }, budget, opts);
}

const SONNET = 'anthropic:claude-sonnet-5-5';
const OLLAMA = 'ollama:llama3.1:8b';
const GROQ = 'groq:llama-3.3-70b-versatile';
const GPT = 'openai:gpt-6.1-sol';
// The seed's own YAML (test/fixtures/configs/seed.yaml) keeps the seed's model ids, unchanged.
const SEED_SONNET = 'anthropic:claude-sonnet-4-20250514';
const SEED_GROQ = 'groq:llama-3.1-70b-versatile';

describe("the seed's quick-reference table, with every key set", () => {
  // [task, complexity, recommended, fallback]
  const rows: [TaskType, Complexity, string, string | undefined][] = [
    ['reasoning', 'simple', OLLAMA, GROQ],
    ['reasoning', 'complex', SONNET, GPT],
    ['code_generation', 'simple', 'ollama:deepseek-coder:6.7b', GROQ],
    ['code_generation', 'complex', SONNET, GPT],
    ['classification', 'simple', OLLAMA, GROQ],
    ['classification', 'complex', OLLAMA, GROQ],
    ['embedding', 'medium', 'ollama:nomic-embed-text', undefined],
    ['summarization', 'simple', OLLAMA, GROQ],
    ['summarization', 'complex', SONNET, undefined],
    ['chat', 'simple', OLLAMA, GROQ],
    ['chat', 'complex', SONNET, GPT],
    ['testing', 'simple', SONNET, 'ollama:deepseek-coder:33b'],
    ['testing', 'complex', SONNET, 'ollama:deepseek-coder:33b'],
    ['docs', 'simple', 'ollama:llama3.1:8b', SONNET],
    // Refined on purpose (issue 10): complex docs get the premium model first; simple and medium docs stay local.
    ['docs', 'medium', 'ollama:llama3.1:8b', SONNET],
    ['docs', 'complex', SONNET, 'ollama:llama3.1:8b'],
  ];
  for (const [task, complexity, recommended, fallback] of rows) {
    it(`${task} ${complexity} → ${recommended}${fallback ? `, then ${fallback}` : ''}`, () => {
      const d = route(task, complexity);
      assert.equal(first(d), recommended, d.explanation);
      if (fallback) assert.equal(usable(d)[1], fallback, d.explanation);
      else if (task === 'embedding') assert.deepEqual(usable(d), [recommended]);
    });
  }
  it('long summaries (complex, after the long-context rule) stay on Claude and never fall to a paid fast tier first', () => {
    const d = route('summarization', 'complex', 20_000);
    assert.equal(d.rule.id, 'summarization-long');
    assert.equal(first(d), SONNET);
  });
});

describe("every branch of the seed's route(), in order", () => {
  it('budget exhausted → local llama3.1:8b, only local targets remain', () => {
    const d = route('reasoning', 'complex', 500, { state: 'exhausted' });
    assert.equal(d.rule.id, 'budget-exhausted');
    assert.equal(first(d), OLLAMA);
    assert.deepEqual(usable(d), [OLLAMA]);
    assert.ok(d.chain.filter((s) => s.skipped).every((s) => s.skipped === 'over budget'));
    assert.equal(d.estimatedCostUsd, 0);
  });
  it('embedding → ollama:nomic-embed-text, nothing else', () => {
    assert.deepEqual(usable(route('embedding', 'complex', 100_000)), ['ollama:nomic-embed-text']);
  });
  it('classification → local llama3.1:8b, even for long context', () => {
    assert.equal(first(route('classification', 'complex', 50_000)), OLLAMA);
  });
  it('fast + cheap → local; code to the local code model (inline completions ask for both)', () => {
    const d = route('reasoning', 'complex', 500, { state: 'ok' }, { requireFast: true, requireCheap: true });
    assert.equal(d.rule.id, 'fast-and-cheap');
    assert.equal(first(d), OLLAMA);
    const code = route('code_generation', 'complex', 500, { state: 'ok' }, { requireFast: true, requireCheap: true });
    assert.equal(code.rule.id, 'fast-and-cheap-code');
    assert.equal(first(code), 'ollama:deepseek-coder:6.7b');
  });
  it('fast alone does not trigger the fast-and-cheap rule', () => {
    assert.equal(route('code_generation', 'complex', 500, { state: 'ok' }, { requireFast: true }).rule.id, 'complex-code');
  });
  it('context over 32k tokens → anthropic, then ollama:llama3.1:70b', () => {
    const d = route('reasoning', 'simple', 32_001);
    assert.equal(d.rule.id, 'long-context');
    assert.deepEqual(usable(d).slice(0, 2), [SONNET, 'ollama:llama3.1:70b']);
    assert.equal(route('reasoning', 'simple', 32_000).rule.id, 'simple-reasoning');
  });
  it('complex reasoning → anthropic, then openai:gpt-4o', () => {
    assert.deepEqual(usable(route('reasoning', 'complex')).slice(0, 2), [SONNET, GPT]);
  });
  it('complex code generation → anthropic, with the local deepseek-coder:33b fallback', () => {
    const d = route('code_generation', 'complex');
    assert.equal(first(d), SONNET);
    assert.ok(usable(d).includes('ollama:deepseek-coder:33b'));
    assert.match(d.explanation, /^complex code_generation → anthropic:claude-sonnet-5-5 \(rule \d+ "complex-code", line \d+: .*local fallback deepseek-coder:33b/);
  });
  it('medium → groq, then ollama', () => {
    const d = route('reasoning', 'medium');
    assert.equal(d.rule.id, 'medium');
    assert.deepEqual(usable(d).slice(0, 2), [GROQ, OLLAMA]);
  });
  it('simple code generation → ollama:deepseek-coder:6.7b', () => {
    assert.equal(first(route('code_generation', 'simple')), 'ollama:deepseek-coder:6.7b');
  });
  it('default → ollama:llama3.1:8b', () => {
    const d = createDecider(shipped())({ taskType: 'chat', complexity: 'simple', contextTokens: 10 }, { state: 'ok' }, {});
    assert.equal(first(d), OLLAMA);
  });
});

describe("the seed's own YAML routes as its table says", () => {
  const decide = createDecider(seed());
  const cases: [TaskType, Complexity, string[]][] = [
    ['reasoning', 'simple', [OLLAMA, SEED_GROQ]],
    ['reasoning', 'complex', [SEED_SONNET, 'openai:o1-preview']],
    ['code_generation', 'simple', ['ollama:deepseek-coder:6.7b', SEED_GROQ]],
    ['code_generation', 'complex', [SEED_SONNET, 'openai:gpt-4o']],
    ['classification', 'medium', [OLLAMA, SEED_GROQ]],
    ['embedding', 'simple', ['ollama:nomic-embed-text']],
    // short/long are context size (over 32k tokens is long, as the seed's route() says), not complexity.
    ['summarization', 'simple', [OLLAMA, SEED_GROQ]],
    ['summarization', 'complex', [OLLAMA, SEED_GROQ]],
  ];
  for (const [task, complexity, expected] of cases) {
    it(`${task} ${complexity} → ${expected.join(', ')}`, () => {
      assert.deepEqual(usable(decide({ taskType: task, complexity, contextTokens: 100 })).slice(0, 2), expected);
    });
  }
  it('a 50k-token summarization goes to Claude (routing_rules summarization.long), a 32k one stays local (short)', () => {
    const long = decide({ taskType: 'summarization', complexity: 'simple', contextTokens: 50_000 });
    assert.equal(long.rule.id, 'summarization.long');
    assert.equal(first(long), SEED_SONNET);
    const short = decide({ taskType: 'summarization', complexity: 'complex', contextTokens: 32_000 });
    assert.equal(short.rule.id, 'summarization.short');
    assert.equal(first(short), OLLAMA);
    assert.equal(decide({ taskType: 'summarization', complexity: 'simple', contextTokens: 32_001 }).rule.id, 'summarization.long');
  });
  it('anything the table does not name follows fallback_chain', () => {
    const d = decide({ taskType: 'docs', complexity: 'simple', contextTokens: 100 });
    assert.equal(d.rule.id, 'no-rule-matched');
    assert.deepEqual(d.chain.map((s) => s.provider), ['ollama', 'groq', 'anthropic', 'openai']);
  });
  it('embeddings never go to a paid provider', () => {
    const d = decide({ taskType: 'embedding', complexity: 'simple', contextTokens: 100 });
    assert.equal(d.chain.find((s) => s.provider === 'groq')!.skipped, 'embeddings stay local');
  });
  it('past the budget only local models remain, even though the seed YAML has no such rule', () => {
    const d = decide({ taskType: 'reasoning', complexity: 'complex', contextTokens: 100 }, { state: 'exhausted' });
    assert.deepEqual(usable(d), [OLLAMA]);
  });
});

describe('skips stay in the chain with their reason', () => {
  it('missing key', () => {
    const d = createDecider(shipped({}))({ taskType: 'reasoning', complexity: 'complex', contextTokens: 100 });
    const anthropic = d.chain.find((s) => s.provider === 'anthropic')!;
    assert.equal(anthropic.skipped, 'no key: ANTHROPIC_API_KEY is not set');
    assert.equal(first(d), OLLAMA);
    assert.match(d.explanation, /skipped anthropic \(no key: ANTHROPIC_API_KEY is not set\)/);
  });
  it('local-only', () => {
    const d = route('code_generation', 'complex', 100, { state: 'ok' }, { localOnly: true });
    assert.ok(d.chain.filter((s) => s.provider === 'anthropic' || s.provider === 'openai').every((s) => s.skipped === 'local-only'));
    assert.equal(first(d), 'ollama:deepseek-coder:33b');
  });
  it('local-only adds a local fallback when the rule has none', () => {
    const d = route('reasoning', 'complex', 100, { state: 'ok' }, { localOnly: true });
    assert.ok(usable(d).length > 0);
    assert.ok(usable(d).every((t) => t.startsWith('ollama:')));
  });
  it('provider at its daily limit', () => {
    const d = route('reasoning', 'complex', 100, { state: 'ok', providersAtLimit: ['anthropic'] });
    assert.equal(d.chain[0].skipped, 'over provider limit');
    assert.equal(first(d), GPT);
  });
  it('per-request limit: 200k tokens and 20k out on Sonnet is over $0.50', () => {
    const d = route('reasoning', 'complex', 200_000, { state: 'ok' }, { maxTokens: 20_000 });
    assert.equal(d.rule.id, 'long-context');
    assert.match(d.chain[0].skipped!, /^over per-request limit \(\$0\.6000 > \$0\.5\)/);
    assert.equal(d.chain[1].skipped, 'context 260,000 > window 131,072', 'llama3.1:70b cannot hold it');
    assert.equal(first(d), undefined);
    assert.match(d.explanation, /no usable model: context 260,000 > the largest window left, 131,072 \(ollama:llama3\.1:70b\)/);
  });
  it('estimates the worst case of the first usable step from the price table', () => {
    const d = route('reasoning', 'complex', 1000, { state: 'ok' }, { maxTokens: 1000 });
    assert.equal(d.estimatedCostUsd, (1000 * 2 + 1000 * 10) / 1e6);
  });
  it('an unknown model on a paid provider is priced as its dearest model, and the decision says so', () => {
    const d = deciderFor(`providers:
  premium:
    anthropic: { api_key: k, default_model: claude-future-9 }
`)({ taskType: 'chat', complexity: 'simple', contextTokens: 1000 }, { state: 'ok' }, { maxTokens: 1000 });
    assert.ok(d.estimatedCostUsd > 0);
    assert.match(d.chain[0].reason, /unknown model claude-future-9 priced as claude-opus/);
  });
});

describe('decisions are deterministic', () => {
  it('the same inputs give the same decision', () => {
    const a = createDecider(shipped());
    const b = createDecider(shipped());
    for (const t of TASK_TYPES) {
      for (const c of COMPLEXITIES) {
        for (const tokens of [0, 5000, 40_000]) {
          for (const state of ['ok', 'warning', 'exhausted'] as const) {
            const input = { taskType: t, complexity: c, contextTokens: tokens };
            assert.deepEqual(a(input, { state }), b(input, { state }));
            assert.deepEqual(a(input, { state }), a(input, { state }));
          }
        }
      }
    }
  });
});

describe('property: random configs', () => {
  const providerName = fc.constantFrom('ollama', 'lmstudio', 'groq', 'together', 'anthropic', 'openai', 'mistral', 'acme');
  const configArb = fc
    .record({
      local: fc.uniqueArray(fc.constantFrom('ollama', 'lmstudio', 'vllm'), { maxLength: 2 }),
      cloud: fc.uniqueArray(fc.constantFrom('groq', 'together', 'anthropic', 'openai', 'mistral'), { minLength: 1, maxLength: 5 }),
      keyed: fc.func(fc.boolean()),
      rules: fc.array(
        fc.record({
          task: fc.option(fc.constantFrom(...TASK_TYPES), { nil: undefined }),
          complexity: fc.option(fc.constantFrom(...COMPLEXITIES), { nil: undefined }),
          budget: fc.option(fc.constantFrom('ok', 'warning', 'exhausted'), { nil: undefined }),
          use: fc.array(providerName, { minLength: 1, maxLength: 4 }),
          fallback: fc.boolean(),
        }),
        { maxLength: 8 },
      ),
      fallback: fc.array(providerName, { maxLength: 6 }),
    })
    .map(({ local, cloud, keyed, rules, fallback }) => {
      const names: string[] = [...local, ...cloud];
      const pick = (n: string, i: number) => (names.includes(n) ? n : names[i % names.length]);
      const providers: Record<string, Record<string, unknown>> = { local: {}, premium: {} };
      for (const n of local) providers.local[n] = { default_model: `${n}-model` };
      for (const n of cloud) providers.premium[n] = { api_key: keyed(n) ? 'k' : '${UNSET_KEY}', default_model: `${n}-model` };
      return {
        providers,
        rules: rules.map((r, i) => ({
          when: Object.fromEntries(Object.entries({ task: r.task, complexity: r.complexity, budget: r.budget }).filter(([, v]) => v)),
          use: [...new Set(r.use.map((n, j) => pick(n, i + j)))],
          fallback: r.fallback,
          reason: `r${i}`,
        })),
        fallback_chain: [...new Set(fallback.map((n, i) => pick(n, i)))],
      };
    });
  const inputArb = fc.record({
    taskType: fc.constantFrom(...TASK_TYPES),
    complexity: fc.constantFrom(...COMPLEXITIES),
    contextTokens: fc.nat(200_000),
  });

  it('every chain is non-empty and free of cycles; past the budget only local targets remain', () => {
    fc.assert(
      fc.property(configArb, inputArb, fc.constantFrom('ok', 'warning', 'exhausted'), fc.boolean(), (cfg, input, state, localOnly) => {
        const decide = createDecider(fromYaml(stringify(cfg), { ...ALL_KEYS }));
        const d = decide(input, { state }, { localOnly });
        assert.ok(d.chain.length > 0, 'chain is empty');
        const keys = d.chain.map((s) => `${s.provider}:${s.model}`);
        assert.equal(new Set(keys).size, keys.length, `repeated target: ${keys}`);
        const providers = decide.config.providers;
        if (state === 'exhausted' || localOnly) {
          for (const s of d.chain) if (!s.skipped) assert.ok(providers.get(s.provider)!.local, `${s.provider} is not local`);
          if ([...providers.values()].some((p) => p.local)) assert.ok(d.chain.some((s) => !s.skipped), 'no local target left');
        }
        assert.ok(d.explanation.length > 0 && !d.explanation.includes('\n'));
      }),
      { numRuns: 300 },
    );
  });
});
