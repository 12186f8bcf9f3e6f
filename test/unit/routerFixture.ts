// Shared by the router and provider tests: configs pointing at one fake server, a recording budget,
// a controllable clock. Keys are passed through ${VAR} so tests can check they never leak.
import { stringify } from 'yaml';
import { parseConfig } from '../../src/core/config/load';
import type { LoadedConfig } from '../../src/core/config/model';
import { Router, type RouterOptions, type StreamEvent } from '../../src/core/router';
import type { BudgetPort, Reservation, ReserveRequest, SettleInput } from '../../src/core/spend/budgetPort';
import type { FakeProvider } from '../fixtures/fakeProviders/index.js';

export const KEYS = {
  AN_KEY: 'sk-ant-TEST-SECRET-an-4711',
  OA_KEY: 'sk-TEST-SECRET-oa-4712',
  GQ_KEY: 'gsk_TEST-SECRET-gq-4713',
};
export const PROMPT = 'write a haiku about routers';
export const MODELS = { an: 'claude-sonnet-4-20250514', oa: 'gpt-4o', gq: 'llama-3.1-70b-versatile', ol: 'llama3.1:8b' };

type Obj = Record<string, unknown>;

export interface ConfigOpts {
  use?: string[];
  router?: Obj;
  /** Extra fields per provider (an, oa, gq, ol). */
  providers?: Record<string, Obj>;
  extra?: Obj;
}

/** an (anthropic), oa (openai_compatible), gq (groq): paid; ol (ollama): local. All on one fake server. */
export function configYaml(url: string, o: ConfigOpts = {}): string {
  const p = (name: string, base: Obj) => ({ ...base, ...o.providers?.[name] });
  return stringify({
    providers: {
      local: { ol: p('ol', { type: 'ollama', base_url: url, default_model: MODELS.ol, models: [MODELS.ol, 'nomic-embed-text', 'deepseek-coder:6.7b'] }) },
      premium: {
        an: p('an', { type: 'anthropic', base_url: url, api_key: '${AN_KEY}', default_model: MODELS.an, local: false }),
        oa: p('oa', { type: 'openai_compatible', base_url: `${url}/v1`, api_key: '${OA_KEY}', default_model: MODELS.oa, local: false }),
        gq: p('gq', { type: 'groq', base_url: url, api_key: '${GQ_KEY}', default_model: MODELS.gq, local: false }),
      },
    },
    rules: [
      { id: 'embedding', when: { task: 'embedding' }, use: ['ol:nomic-embed-text'], reason: 'embeddings stay local', fallback: false },
      { id: 'test-chain', use: o.use ?? ['an', 'oa'], reason: 'test chain', fallback: false },
    ],
    router: { retries: 1, backoff_base_ms: 1, backoff_max_ms: 2, ...o.router },
    ...o.extra,
  });
}

export function configFor(srv: FakeProvider, o: ConfigOpts = {}): LoadedConfig {
  return parseConfig(configYaml(srv.url, o), { file: 'test.yaml', env: (n) => (KEYS as Record<string, string>)[n] });
}

/** A clock the test moves; sleeping advances it instantly and records the wait. */
export function fakeTime(start = Date.UTC(2026, 10, 25, 9, 0, 0)) {
  const t = { now: start, sleeps: [] as number[] };
  return {
    t,
    now: () => t.now,
    sleep: async (ms: number, signal: AbortSignal) => {
      if (signal.aborted) throw signal.reason;
      t.sleeps.push(ms);
      t.now += ms;
    },
  };
}

export function routerFor(srv: FakeProvider, o: ConfigOpts = {}, opts: Partial<RouterOptions> = {}) {
  const time = fakeTime();
  const router = new Router({ config: configFor(srv, o), now: time.now, sleep: time.sleep, random: () => 0.5, ...opts });
  return { router, time };
}

export const ask = (content = PROMPT) => ({ messages: [{ role: 'user' as const, content }], taskType: 'chat' as const, complexity: 'simple' as const, files: [] as string[] });

export async function drain(events: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

export const textOf = (events: StreamEvent[]) => events.map((e) => (e.type === 'delta' ? e.text : '')).join('');
export const attemptsOf = (events: StreamEvent[]) => events.flatMap((e) => (e.type === 'attempt' ? [e.attempt] : []));
export const lastOf = (events: StreamEvent[]) => events[events.length - 1];

/** A BudgetPort that records every call and refuses where told. */
export function recordingBudget(refuse: (r: ReserveRequest) => string | undefined = () => undefined) {
  const calls = { reserve: [] as ReserveRequest[], settle: [] as { r: Reservation; input: SettleInput }[], release: [] as Reservation[] };
  const port: BudgetPort = {
    snapshot: () => ({ state: 'ok' }),
    async reserve(r) {
      calls.reserve.push(r);
      const why = refuse(r);
      if (why) return { refused: 'over budget', detail: why };
      return { id: `r${calls.reserve.length}`, provider: r.provider, model: r.model, amountUsd: r.worstCaseUsd };
    },
    async settle(r, input) {
      calls.settle.push({ r, input });
    },
    async release(r) {
      calls.release.push(r);
    },
  };
  return { port, calls };
}
