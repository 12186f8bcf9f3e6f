// The real cost of a call from its usage: cache reads and writes at their own rates, local at $0, a cut
// stream from its streamed text.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Budget } from '../../src/core/spend/budget';
import { costOfUsage, estimatedUsage, usageFromExclusiveInput, usageFromInclusivePrompt } from '../../src/core/spend/cost';
import type { Price } from '../../src/core/spend/prices';
import { countTokens } from '../../src/core/tokens';

const SONNET: Price = { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 };
const GPT4O: Price = { input: 2.5, output: 10, cacheRead: 1.25, cacheWrite: 2.5 };
const LOCAL: Price = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };
const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} ≠ ${b}`);

describe('costOfUsage', () => {
  it('exclusive input (Anthropic): input tokens exclude cache reads and writes, each priced at its own rate', () => {
    // input_tokens 1000, cache_read_input_tokens 50 000, cache_creation_input_tokens 2000, output 500
    const u = usageFromExclusiveInput({ inputTokens: 1000, cacheReadTokens: 50_000, cacheWriteTokens: 2000, outputTokens: 500 });
    assert.deepEqual(u, { inputTokens: 1000, outputTokens: 500, cacheReadTokens: 50_000, cacheWriteTokens: 2000 });
    close(costOfUsage(SONNET, u), (1000 * 3 + 500 * 15 + 50_000 * 0.3 + 2000 * 3.75) / 1e6);
  });

  it('inclusive prompt (OpenAI): prompt_tokens include the cached ones, which are priced at the cached rate', () => {
    const u = usageFromInclusivePrompt({ promptTokens: 10_000, cachedTokens: 8000, completionTokens: 200 });
    assert.deepEqual(u, { inputTokens: 2000, outputTokens: 200, cacheReadTokens: 8000, cacheWriteTokens: 0 });
    close(costOfUsage(GPT4O, u), (2000 * 2.5 + 8000 * 1.25 + 200 * 10) / 1e6);
    // Counting the cached tokens twice, or at the full rate, would cost more:
    assert.ok(costOfUsage(GPT4O, u) < (10_000 * 2.5 + 200 * 10) / 1e6);
  });

  it('normalizers tolerate missing or odd counts', () => {
    assert.deepEqual(usageFromInclusivePrompt({ promptTokens: 5, cachedTokens: 9, completionTokens: null }), {
      inputTokens: 0,
      outputTokens: 0,
      cacheReadTokens: 5,
      cacheWriteTokens: 0,
    });
    assert.deepEqual(usageFromExclusiveInput({ inputTokens: -3, outputTokens: Number.NaN }), { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 });
  });

  it('local (Ollama): $0, and its token counts are still recorded in the ledger', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmr-cost-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const b = new Budget({ stateDir: dir, limits: { daily_budget: 1, warning_threshold: 0.8 } });
    after(() => b.dispose());
    const usage = { inputTokens: 812, outputTokens: 96, cacheReadTokens: 0, cacheWriteTokens: 0 };
    assert.equal(costOfUsage(LOCAL, usage), 0);
    const r = await b.reserve({ provider: 'ollama', model: 'llama3.1:8b', local: true, worstCaseUsd: 0 });
    assert.ok(!('refused' in r));
    await b.settle(r, { costUsd: costOfUsage(LOCAL, usage), usage, meta: { taskType: 'chat', complexity: 'simple', ruleId: 'default', outcome: 'ok' } });
    const line = JSON.parse(readFileSync(b.ledger.fileOf(b.status().day), 'utf8'));
    assert.deepEqual([line.costUsd, line.usage.input, line.usage.output], [0, 812, 96]);
  });

  it('a stream cut before usage arrived is charged from the text that streamed, and marked estimated', async () => {
    const streamed = 'def add(a, b):\n    return a + b\n\ndef sub(a, b):\n    return a';
    const u = estimatedUsage(1200, streamed);
    assert.deepEqual(u, { inputTokens: 1200, outputTokens: countTokens(streamed), cacheReadTokens: 0, cacheWriteTokens: 0, estimated: true });
    assert.ok(u.outputTokens > 10);
    close(costOfUsage(SONNET, u), (1200 * 3 + u.outputTokens * 15) / 1e6);

    const dir = mkdtempSync(join(tmpdir(), 'llmr-cost-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const b = new Budget({ stateDir: dir, limits: { daily_budget: 1, warning_threshold: 0.8 } });
    after(() => b.dispose());
    const r = await b.reserve({ provider: 'anthropic', model: 'm', local: false, worstCaseUsd: 0.05 });
    assert.ok(!('refused' in r));
    await b.settle(r, { costUsd: costOfUsage(SONNET, u), usage: u, meta: { taskType: 'code_generation', complexity: 'simple', ruleId: 'x', outcome: 'cut' } });
    const settle = readFileSync(b.ledger.fileOf(b.status().day), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).find((e) => e.kind === 'settle');
    assert.equal(settle.estimated, true);
    assert.equal(settle.outcome, 'cut');
    close(b.status().spentUsd, costOfUsage(SONNET, u));
  });
});
