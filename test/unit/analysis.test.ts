// Large requests are counted, scanned and classified on another thread: the event loop keeps turning while
// that runs, the router's plan finds the results (the main thread does no BPE, scan or classification work),
// and the decision is the one the synchronous path makes. Asserted by events and work counters, never times.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyze, LARGE_INPUT_CHARS } from '../../src/core/analysis';
import { threadAnalyzer, type ThreadAnalyzer } from '../../src/core/analysisThread';
import { classify } from '../../src/core/classify';
import { parseConfig } from '../../src/core/config/load';
import { scanSecrets } from '../../src/core/privacy';
import { Router, type RouterRequest, type StreamEvent } from '../../src/core/router';
import { tokenWork } from '../../src/core/tokens';
import { startFakeProvider, type FakeProvider } from '../fixtures/fakeProviders/index.js';
import { ROOT } from './helpers/config';
import { configYaml, KEYS } from './routerFixture';

const WORKER = join(ROOT, 'test', 'fixtures', 'analysisWorker.cjs');
const AWS_KEY = ['AKIA', 'Q3EGRT7J', 'KLMN4PXZ'].join('');

/** A few MB of code with a secret near the end. */
function bigCode(mb: number): string {
  const unit = 'export function add(a: number, b: number): number {\n  if (a > b) return a - b;\n  return a + b;\n}\n';
  const body = unit.repeat(Math.ceil((mb * 1024 * 1024) / unit.length));
  return `${body}const awsKey = "${AWS_KEY}";\n`;
}

let srv: FakeProvider;
let thread: ThreadAnalyzer;
before(async () => {
  srv = await startFakeProvider('all');
  thread = threadAnalyzer(WORKER);
});
after(() => {
  thread.dispose();
  srv.close();
});

const config = () => parseConfig(configYaml(srv.url, { use: ['ol', 'oa'] }), { file: 't.yaml', env: (n) => KEYS[n as keyof typeof KEYS] });

describe('analysis off the event loop', { timeout: 300_000 }, () => {
  it('analyze() gives what the synchronous calls give', () => {
    const text = bigCode(0.1);
    const a = analyze({ scan: [text], classify: { action: 'explain', text, language: 'typescript' } });
    assert.deepEqual(a.findings[0], scanSecrets(text));
    assert.deepEqual(a.classification, classify({ action: 'explain', text, language: 'typescript' }));
  });

  it('a 5 MB Explain: the event loop turns while it is analyzed, and plan() does none of the work again', async () => {
    const code = bigCode(5);
    const req: RouterRequest = { files: [], messages: [{ role: 'user', content: `Explain this:\n${code}` }], action: 'explain', subject: code, language: 'typescript', maxTokens: 16 };
    assert.ok(req.messages[0].content.length > LARGE_INPUT_CHARS);
    const router = new Router({ config: config(), analyzer: thread.analyze });
    let turns = 0;
    const tick = setInterval(() => turns++, 1);
    const before = tokenWork.bpeChars;
    let decision: Extract<StreamEvent, { type: 'decision' }> | undefined;
    try {
      for await (const ev of router.stream(req)) {
        if (ev.type === 'decision') {
          decision = ev;
          break;
        }
      }
    } finally {
      clearInterval(tick);
    }
    assert.ok(decision, 'a decision');
    assert.ok(turns > 0, 'the event loop turned while the request was analyzed');
    assert.equal(tokenWork.bpeChars - before, 0, 'no token was counted on this thread');
    // The secret the thread found keeps the request local, as the synchronous scan would.
    assert.match(decision.decision.explanation, /stayed local: secret found: aws_access_key_id/);
    // The same decision as without an analyzer.
    const sync = new Router({ config: config() }).plan(req);
    assert.deepEqual(decision.decision.chain, sync.decision.chain);
    assert.deepEqual(decision.classification, sync.classification);
  });

  it('a small request never waits for the thread', async () => {
    let asked = 0;
    const router = new Router({ config: config(), analyzer: (i) => (asked++, thread.analyze(i)) });
    for await (const ev of router.stream({ files: [], messages: [{ role: 'user', content: 'hi' }], taskType: 'chat', complexity: 'simple', maxTokens: 4 })) void ev;
    assert.equal(asked, 0);
  });

  it('if the thread fails, the router does the work itself', async () => {
    const router = new Router({ config: config(), analyzer: () => Promise.reject(new Error('thread died')) });
    const code = bigCode(0.2);
    const req: RouterRequest = { files: [], messages: [{ role: 'user', content: code }], subject: code, action: 'explain' };
    await router.prepare(req);
    assert.match(router.plan(req).decision.explanation, /stayed local: secret found/);
  });
});
