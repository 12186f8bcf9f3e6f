import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { run } from '../../src/cli/run';
import { feedbackReport } from '../../src/core/feedback';
import { openBudget } from '../../src/core/spend/open';
import type { DaySummary } from '../../src/core/spend/summary';
import { ALL_KEYS, SHIPPED, shipped } from './helpers/config';

const dir = mkdtempSync(join(tmpdir(), 'llmr-feedback-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function day(feedback: DaySummary['feedback'], ruleRequests: Record<string, number>): DaySummary {
  return { day: '2026-11-25', rows: [], feedback, events: [], ruleRequests, skippedLines: 0 };
}

describe('feedback: the rules users escalate most', () => {
  it('ranks rules by escalations and suggests the target the retries went to', () => {
    const report = feedbackReport(
      [
        day([{ signal: 'retry_stronger', provider: 'groq', model: 'm', taskType: 'reasoning', ruleId: 'medium', toProvider: 'anthropic', toModel: 'claude-x', count: 4 }], { medium: 10, 'simple-code': 20 }),
        day(
          [
            { signal: 'undo_after_apply', provider: 'ollama', model: 'c', taskType: 'code_generation', ruleId: 'simple-code', count: 1 },
            { signal: 'helpful', provider: 'ollama', model: 'c', taskType: 'code_generation', ruleId: 'simple-code', count: 9 },
          ],
          { medium: 2 },
        ),
      ],
      shipped(),
    );
    assert.equal(report.totalEscalations, 5);
    assert.deepEqual(report.rules.map((r) => [r.ruleId, r.escalations, r.requests]), [['medium', 4, 12], ['simple-code', 1, 20]]);
    assert.match(report.rules[0].suggestion!, /^rule "medium" \(line \d+\): 33% of its answers were escalated, mostly to anthropic:claude-x; consider {2}use: \["anthropic:claude-x", "groq", "ollama:llama3\.1:8b"\]$/);
    assert.equal(report.rules[1].suggestion, undefined, 'one undo in twenty is no reason to change a rule');
  });

  it('llm-router eval --feedback reads the ledger in --state-dir', async () => {
    const budget = openBudget(dir, shipped());
    for (let i = 0; i < 6; i++) {
      const r = budget.reserveNow({ provider: 'groq', model: 'llama-3.1-70b-versatile', local: false, worstCaseUsd: 0.001 });
      assert.ok(!('refused' in r));
      budget.settleNow(r, { costUsd: 0.0005, usage: { inputTokens: 10, outputTokens: 10, cacheReadTokens: 0, cacheWriteTokens: 0 }, meta: { taskType: 'reasoning', complexity: 'medium', ruleId: 'medium', outcome: 'ok' } });
    }
    for (let i = 0; i < 3; i++) budget.appendFeedback({ signal: 'retry_stronger', provider: 'groq', model: 'llama-3.1-70b-versatile', ruleId: 'medium', toProvider: 'anthropic', toModel: 'claude-sonnet-4-20250514' });
    budget.dispose();
    let out = '';
    const code = await run(['eval', '--feedback', '--state-dir', dir, '--config', SHIPPED, '--json'], {
      out: (t) => (out += t),
      err: () => {},
      signal: new AbortController().signal,
      env: { ...ALL_KEYS },
      cwd: process.cwd(),
    });
    assert.equal(code, 0);
    const report = JSON.parse(out);
    assert.equal(report.rules[0].ruleId, 'medium');
    assert.equal(report.rules[0].escalations, 3);
    assert.equal(report.rules[0].requests, 6);
    assert.match(report.rules[0].suggestion, /anthropic:claude-sonnet-4-20250514/);
  });
});
