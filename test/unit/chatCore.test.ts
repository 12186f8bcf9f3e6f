// The pure side of @router: intents, messages with context and bounded history, footer, decision view.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { intentOf, RETRY_PROMPT, WHY_PROMPT } from '../../src/core/chat/intent';
import { decisionMarkdown, footerMarkdown, nextTier, progressLine, stripFooter } from '../../src/core/chat/present';
import { boundHistory, chatMessages, clipTokens } from '../../src/core/chat/prompt';
import { countTokens } from '../../src/core/tokens';
import type { ChatMessage, Decision } from '../../src/core/types';

const decision: Decision = {
  taskType: 'code_generation',
  complexity: 'simple',
  contextTokens: 42,
  rule: { index: 5, id: 'simple-code', line: 40 },
  chain: [
    { provider: 'local1', model: 'coder:6.7b', reason: 'Simple code: local code-optimized model' },
    { provider: 'cloud1', model: 'big-model', reason: 'fallback_chain', skipped: 'no API key (set CLOUD_KEY)' },
  ],
  estimatedCostUsd: 0,
  explanation: 'simple code_generation → local1:coder:6.7b (rule 6 "simple-code", line 40: Simple code; free, local)',
};

describe('intentOf', () => {
  it('maps slash commands to actions, /route and /spend to their own kinds', () => {
    assert.deepEqual(intentOf('explain', ''), { kind: 'answer', action: 'explain' });
    assert.deepEqual(intentOf('tests', 'with vitest'), { kind: 'answer', action: 'tests' });
    assert.deepEqual(intentOf('summarize', ''), { kind: 'answer', action: 'summarize' });
    assert.deepEqual(intentOf('route', 'anything'), { kind: 'route' });
    assert.deepEqual(intentOf('spend', ''), { kind: 'spend' });
  });

  it('free text is a chat turn for the classifier; the followup prompts are recognised', () => {
    assert.deepEqual(intentOf(undefined, 'write a parser'), { kind: 'answer', action: 'chat' });
    assert.deepEqual(intentOf(undefined, RETRY_PROMPT), { kind: 'retry' });
    assert.deepEqual(intentOf(undefined, ' retry with a stronger model. '), { kind: 'retry' });
    assert.deepEqual(intentOf(undefined, WHY_PROMPT), { kind: 'why' });
    assert.deepEqual(intentOf(undefined, 'why this model is slow'), { kind: 'answer', action: 'chat' });
  });
});

describe('chatMessages', () => {
  const ctx = [{ label: 'src/math.ts:3-5 (selection)', language: 'typescript', text: 'export function add(a, b) {\n  return a + b;\n}' }];

  it('a slash command uses the action instruction and fences the context with its label', () => {
    const msgs = chatMessages({ action: 'explain', prompt: '', context: ctx, history: [] });
    assert.deepEqual(msgs.map((m) => m.role), ['system', 'user']);
    assert.match(msgs[1].content, /^Explain/);
    assert.ok(msgs[1].content.includes('src/math.ts:3-5 (selection):\n```typescript\nexport function add'));
  });

  it('free text: system, history, then the question with its context', () => {
    const history: ChatMessage[] = [
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'hello' },
    ];
    const msgs = chatMessages({ action: 'chat', prompt: 'what does add do?', context: ctx, history });
    assert.deepEqual(msgs.map((m) => m.role), ['system', 'user', 'assistant', 'user']);
    assert.match(msgs[3].content, /^what does add do\?\n\nsrc\/math\.ts/);
  });

  it('boundHistory keeps the newest turns that fit, starting with a user turn', () => {
    const long = 'word '.repeat(300);
    const h: ChatMessage[] = [
      { role: 'user', content: long },
      { role: 'assistant', content: long },
      { role: 'user', content: 'short question' },
      { role: 'assistant', content: 'short answer' },
    ];
    assert.deepEqual(boundHistory(h, 50).map((m) => m.content), ['short question', 'short answer']);
    assert.equal(boundHistory(h, 10_000).length, 4);
    // An assistant turn never leads.
    assert.equal(boundHistory(h, countTokens(long) + 30)[0].role, 'user');
  });

  it('clipTokens cuts long context by lines and says how much was left out', () => {
    const text = Array.from({ length: 500 }, (_, i) => `line number ${i}`).join('\n');
    const clipped = clipTokens(text, 100);
    assert.ok(countTokens(clipped) < 120);
    assert.match(clipped, /more lines not sent\)$/);
    assert.equal(clipTokens('small', 100), 'small');
  });

  it('clipTokens keeps as many whole lines as fit, in indented code and blank lines too', () => {
    const unit = 'export function add(a: number, b: number): number {\n  // sum\n\n  return a + b;\n}\n\n';
    const text = unit.repeat(400);
    for (const max of [50, 333, 1000]) {
      const clipped = clipTokens(text, max);
      const kept = clipped.slice(0, clipped.lastIndexOf('\n…'));
      assert.ok(text.startsWith(kept), 'a prefix of the text');
      const n = countTokens(kept);
      assert.ok(n <= max, `${n} tokens kept for ${max}`);
      // One more line would not have fitted (give or take the token an indent may count).
      const next = text.slice(0, text.indexOf('\n', kept.length + 1));
      assert.ok(countTokens(next) > max - 2, `${n} tokens kept for ${max}: the next line would have fitted`);
    }
  });
});

describe('presentation', () => {
  it('progress line names the model, task and whether it stays local', () => {
    assert.equal(progressLine(decision, { provider: 'local1', model: 'coder:6.7b', tier: 'local', local: true }), 'Routing to coder:6.7b (simple code_generation, local)');
    assert.equal(progressLine(decision, { provider: 'cloud1', model: 'big', tier: 'premium', local: false }), 'Routing to big (simple code_generation, cloud1, premium)');
    assert.match(progressLine(decision, undefined), /No usable model/);
  });

  it('the footer has model, why, tokens, cost, and "stayed local" / "cached" only when true', () => {
    const usage = { inputTokens: 120, outputTokens: 30, cacheReadTokens: 0, cacheWriteTokens: 0 };
    const local = footerMarkdown({ target: { provider: 'local1', model: 'coder:6.7b', tier: 'local', local: true }, explanation: decision.explanation, usage, costUsd: 0, cached: false });
    assert.match(local, /`local1:coder:6\.7b`/);
    assert.match(local, /\*\*Why\*\* simple code\\_generation/);
    assert.match(local, /120 in \/ 30 out/);
    assert.match(local, /\*\*Cost\*\* no charge/, 'a free model costs nothing, not "$0.0000"');
    assert.match(local, /stayed local/);
    assert.doesNotMatch(local, /cached/);
    const paid = footerMarkdown({ target: { provider: 'cloud1', model: 'big', tier: 'premium', local: false }, explanation: 'x', usage, costUsd: 0.0123, cached: true });
    assert.doesNotMatch(paid, /stayed local/);
    assert.match(paid, /\*\*cached\*\*/);
    assert.match(paid, /\*\*Cost\*\* \$0\.0123/);
    const sliver = footerMarkdown({ target: { provider: 'cloud1', model: 'big', tier: 'premium', local: false }, explanation: 'x', usage, costUsd: 0.00003, cached: false });
    assert.match(sliver, /\*\*Cost\*\* <\$0\.0001/, 'a paid request is never shown as free');
    const unknown = footerMarkdown({ target: { provider: 'cloud1', model: 'big', tier: 'premium', local: false }, explanation: 'x', usage, costUsd: Number.NaN, cached: false });
    assert.match(unknown, /\*\*Cost\*\* cost unknown/, 'NaN is not "no charge"');
  });

  it('stripFooter leaves the answer alone', () => {
    const usage = { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0 };
    const answer = 'The answer.\n\n---\nA rule in the answer itself.';
    assert.equal(stripFooter(answer + footerMarkdown({ explanation: 'x', usage, costUsd: 0, cached: false })), answer);
    assert.equal(stripFooter(answer), answer);
  });

  it('the decision view lists every step with its reason, skips and outcomes', () => {
    const md = decisionMarkdown(decision, { attempts: [{ provider: 'local1', model: 'coder:6.7b', outcome: 'ok', ms: 12 }], noModel: true });
    assert.match(md, /\| 1 \| `local1:coder:6\.7b` \| Simple code: local code-optimized model \| ok \|/);
    assert.match(md, /\| – \| `cloud1:big-model` \| fallback\\_chain \| skipped: no API key/);
    assert.match(md, /Rule 6 `simple-code`, line 40/);
    assert.match(md, /No model was called/);
  });

  it('nextTier climbs local → fast_cloud → premium → none', () => {
    assert.equal(nextTier('local'), 'fast_cloud');
    assert.equal(nextTier('fast_cloud'), 'premium');
    assert.equal(nextTier('premium'), undefined);
  });
});
