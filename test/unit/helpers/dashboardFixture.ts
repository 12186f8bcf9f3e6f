// Shared by the dashboard unit tests: the end-to-end workspace config (every provider on one fake URL) and
// RouteEvents made the way the router makes them.
import { join } from 'node:path';
import type { LoadedConfig } from '../../../src/core/config/model';
import type { Recorded, StateInput } from '../../../src/core/dashboard/viewModel';
import type { RouteEvent } from '../../../src/core/router/types';
import { createDecider } from '../../../src/core/rules';
import type { Action, Complexity, TaskType, Usage } from '../../../src/core/types';
import { fromYaml, readText, ROOT } from './config';

export const E2E_CONFIG = join(ROOT, 'test', 'e2e', 'workspace', '.vscode', 'llm_routing.yaml');
export const E2E_TEXT = readText(E2E_CONFIG);
export const KEYS = { LLM_ROUTER_TEST_FAKE_URL: 'http://127.0.0.1:9', ANTHROPIC_API_KEY: 'sk-ant-dashboard-test-key-0042', GROQ_API_KEY: 'gsk_dashboard_test_key_0043' };

export const e2eConfig = (text = E2E_TEXT): LoadedConfig => fromYaml(text, KEYS);

/** A finished request as the router reports it: the decision's first usable target answered. */
export function eventFor(
  cfg: LoadedConfig,
  input: { taskType: TaskType; complexity: Complexity; contextTokens?: number; action?: Action; usage?: Partial<Usage>; costUsd?: number; kind?: RouteEvent['kind'] },
): RouteEvent {
  const decision = createDecider(cfg)({ taskType: input.taskType, complexity: input.complexity, contextTokens: input.contextTokens ?? 500 }, undefined, { action: input.action });
  const head = decision.chain.find((s) => !s.skipped)!;
  return {
    kind: input.kind ?? 'complete',
    outcome: 'ok',
    decision,
    attempts: [{ provider: head.provider, model: head.model, outcome: 'ok', ms: 120 }],
    provider: head.provider,
    model: head.model,
    usage: { inputTokens: 500, outputTokens: 200, cacheReadTokens: 0, cacheWriteTokens: 0, ...input.usage },
    costUsd: input.costUsd ?? 0,
    textLength: 300,
    cached: false,
    latencyMs: 800,
    action: input.action,
  };
}

export const recorded = (events: RouteEvent[]): Recorded[] => events.map((event, i) => ({ id: events.length - i, at: 1_700_000_000_000 + i, event }));

/** What buildState needs, for `cfg` with nothing recorded yet; `over` replaces any part. */
export function stateInput(cfg: LoadedConfig, over: Partial<StateInput> = {}): StateInput {
  return {
    config: cfg,
    configFile: '/ws/.vscode/llm_routing.yaml',
    readOnly: false,
    recent: [],
    hits: new Map(),
    history: [],
    health: new Map(),
    routerState: () => ({ recentFailures: 0 }),
    now: 1_700_000_000_000,
    ...over,
  };
}
