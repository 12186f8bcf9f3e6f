// The tier decides what is paid and what is cloud, wherever base_url points: a premium provider behind a
// loopback proxy (here the fake Anthropic server on 127.0.0.1) is reserved against the budget, blocked by
// local-only and skipped for a prompt holding a secret; `local:` overrides; a priced target is never "free".
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { parseConfig } from '../../src/core/config/load';
import { Router } from '../../src/core/router';
import { createDecider } from '../../src/core/rules';
import { openBudget } from '../../src/core/spend/open';
import { startFakeProvider, type FakeProvider } from '../fixtures/fakeProviders/index.js';
import { fromYaml } from './helpers/config';

const KEY = 'sk-ant-TEST-tier-0001';
let srv: FakeProvider;
const dirs: string[] = [];
before(async () => (srv = await startFakeProvider('all')));
after(async () => {
  await srv.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
beforeEach(() => srv.reset());

/** The seed's shape in front of a local proxy: anthropic in `premium` at 127.0.0.1, no `local:` anywhere. */
function proxyConfig(extra: Record<string, unknown> = {}) {
  const yaml = stringify({
    providers: {
      local: { ollama: { base_url: srv.url, default_model: 'llama3.1:8b' } },
      premium: { anthropic: { base_url: srv.url, api_key: '${ANTHROPIC_API_KEY}', default_model: 'claude-sonnet-4-20250514' } },
    },
    rules: [{ id: 'complex', use: ['anthropic', 'ollama'], reason: 'complex work', fallback: false }],
    cost_limits: { daily_budget: 1 },
    router: { retries: 0 },
    ...extra,
  });
  return parseConfig(yaml, { file: 'proxy.yaml', env: (n) => (n === 'ANTHROPIC_API_KEY' ? KEY : undefined) });
}
const anthropicCalls = () => srv.log.filter((e) => e.flavor === 'anthropic').length;
const ask = (content: string) => ({ messages: [{ role: 'user' as const, content }], taskType: 'reasoning' as const, complexity: 'complex' as const, files: [] });

describe('the tier is authoritative', () => {
  it('a premium provider on 127.0.0.1 is paid and cloud; so is a fast_cloud one; the local tier is local', () => {
    const cfg = proxyConfig();
    assert.equal(cfg.providers.get('anthropic')!.local, false);
    assert.equal(cfg.providers.get('ollama')!.local, true);
    const fast = fromYaml('providers:\n  fast_cloud:\n    gw: { type: openai_compatible, base_url: "http://localhost:4000/v1", api_key: k, default_model: m }\n');
    assert.equal(fast.providers.get('gw')!.local, false);
  });

  it('local: true and local: false override the tier; a price makes a local-tier provider paid and cloud', () => {
    const cfg = fromYaml(
      [
        'providers:',
        '  local:',
        '    box: { type: openai_compatible, base_url: "http://127.0.0.1:8000/v1", default_model: m, local: false, api_key: k }',
        '    priced: { type: openai_compatible, base_url: "http://127.0.0.1:8001/v1", default_model: pm, api_key: k }',
        '    plain: { type: openai_compatible, base_url: "http://gpu.lan:8002/v1", default_model: m }',
        '  premium:',
        '    lan: { type: openai_compatible, base_url: "http://gpu.lan:8003/v1", default_model: m, local: true }',
        'prices:',
        '  pm: { input: 1, output: 2 }',
        '',
      ].join('\n'),
    );
    const local = (n: string) => cfg.providers.get(n)!.local;
    assert.deepEqual([local('box'), local('priced'), local('plain'), local('lan')], [false, false, true, true]);
  });

  it('the decision never calls a priced target "free" or "local"', () => {
    const decision = createDecider(proxyConfig())({ taskType: 'reasoning', complexity: 'complex', contextTokens: 100 });
    assert.equal(decision.chain[0].provider, 'anthropic');
    assert.ok(decision.estimatedCostUsd > 0);
    const head = /→ anthropic:\S+ \(([^)]*)\)/.exec(decision.explanation);
    assert.ok(head, decision.explanation);
    assert.doesNotMatch(head[1], /free|local/);
    assert.match(head[1], /≤ \$0\.\d{4}$/);
    const priced = createDecider(
      fromYaml('providers:\n  local:\n    gw: { type: openai_compatible, base_url: "http://127.0.0.1:4000/v1", default_model: pm, local: true }\nprices:\n  pm: { input: 3, output: 15 }\n'),
    )({ taskType: 'chat', complexity: 'simple', contextTokens: 100 });
    assert.doesNotMatch(priced.explanation, /free/);
  });

  it('is reserved against the budget and charged its price', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'llmr-tier-'));
    dirs.push(stateDir);
    const config = proxyConfig();
    const budget = openBudget(stateDir, config, { onWarning: () => undefined });
    const r = await new Router({ config, budget }).complete(ask('Design a lock-free queue and prove it linearizable.'));
    budget.dispose();
    assert.equal(r.provider, 'anthropic');
    assert.equal(anthropicCalls(), 1);
    assert.ok(r.costUsd > 0, `cost ${r.costUsd}`);
    const dir = join(stateDir, 'ledger');
    const lines = readdirSync(dir).flatMap((f) => readFileSync(join(dir, f), 'utf8').trim().split('\n')).map((l) => JSON.parse(l));
    const reservation = lines.find((l) => l.kind === 'reservation');
    assert.ok(reservation, 'a reservation line');
    assert.equal(reservation.provider, 'anthropic');
    assert.ok(reservation.amountUsd >= r.costUsd);
    const settle = lines.find((l) => l.kind === 'settle');
    assert.equal(settle.id, reservation.id);
    assert.equal(settle.costUsd, r.costUsd);
  });

  it('is blocked by local-only: the request goes to the local model and the proxy sees nothing', async () => {
    const r = await new Router({ config: proxyConfig() }).complete({ ...ask('Design a lock-free queue.'), localOnly: true });
    assert.equal(r.provider, 'ollama');
    assert.equal(r.decision.chain.find((s) => s.provider === 'anthropic')!.skipped, 'local-only');
    assert.equal(anthropicCalls(), 0);
  });

  it('is skipped for a prompt holding a secret', async () => {
    const secret = 'AKIA' + 'Z7QW3ERT5YU2IOPL';
    const r = await new Router({ config: proxyConfig() }).complete(ask(`Why does the deploy fail? aws_access_key_id = ${secret}`));
    assert.equal(r.provider, 'ollama');
    assert.match(r.decision.explanation, /stayed local: secret found: aws_access_key_id/);
    assert.equal(anthropicCalls(), 0);
  });
});
