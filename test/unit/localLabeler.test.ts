// classifyWithModel wired into the router: a chat prompt the classifier is unsure of is labelled by the local
// model the rules pick for classification, against the fake Ollama server (real SDK, real wire protocol).
// Bounded in time, skipped when no local model is up, never for confident prompts or editor actions.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { classify } from '../../src/core/classify';
import { parseLabel } from '../../src/core/router/localLabeler';
import type { StreamEvent } from '../../src/core/router';
import { startFakeProvider, type FakeProvider } from '../fixtures/fakeProviders/index.js';
import { drain, routerFor } from './routerFixture';

let srv: FakeProvider;
before(async () => {
  srv = await startFakeProvider('all');
});
after(() => srv.close());
beforeEach(() => srv.reset());

/** Vague enough that the classifier is unsure (its confidence is below the threshold). */
const UNSURE = 'hmm so about the thing from the standup yesterday, the one with the numbers and the other team, thoughts on that';
const SURE = 'Write unit tests for the date parser';
const LABEL = '{"taskType": "reasoning", "complexity": "complex"}';

const rules = [
  { id: 'classification', when: { task: 'classification' }, use: ['ol:llama3.1:8b'], reason: 'labels stay local' },
  { id: 'everything', use: ['an'], reason: 'test chain', fallback: false },
];
/** The fake Ollama answers the labelling request with LABEL, everything else with its echo. */
const labelling = (body: Record<string, unknown>) => (JSON.stringify(body.messages ?? '').includes('You label requests') ? LABEL : null);
const decisionOf = (ev: StreamEvent[]) => ev.find((e): e is Extract<StreamEvent, { type: 'decision' }> => e.type === 'decision')!;
const labelRequests = () => srv.log.filter((e) => e.path === '/api/chat' && JSON.stringify(e.body).includes('You label requests'));

describe('the local model labels chat prompts the classifier is unsure of', () => {
  it('the prompt is one the classifier is unsure of; the other is not', () => {
    assert.ok(classify({ action: 'chat', prompt: UNSURE }).confidence < 0.6);
    assert.ok(classify({ action: 'chat', prompt: SURE }).confidence >= 0.6);
  });

  it('asks the rules\' local classification model for a JSON label and routes by it', async () => {
    srv.setDefaults({ respond: labelling });
    const { router } = routerFor(srv, { extra: { rules } }, { localLabelLimitMs: 60_000 });
    const ev = await drain(router.stream({ messages: [{ role: 'user', content: UNSURE }], action: 'chat', files: [] }));
    const d = decisionOf(ev);
    assert.equal(d.decision.taskType, 'reasoning');
    assert.equal(d.decision.complexity, 'complex');
    assert.match(d.classification!.reason, /^complex reasoning from the local model \(the classifier was unsure: /);
    assert.deepEqual(srv.log.map((e) => e.path), ['/api/tags', '/api/chat', '/v1/messages']);
    assert.equal(labelRequests()[0].model, 'llama3.1:8b');
  });

  it('never asks for a confident prompt, an editor action, or when ask_local_model is off', async () => {
    srv.setDefaults({ respond: labelling });
    const { router } = routerFor(srv, { extra: { rules } }, { localLabelLimitMs: 60_000 });
    await drain(router.stream({ messages: [{ role: 'user', content: SURE }], action: 'chat', files: [] }));
    await drain(router.stream({ messages: [{ role: 'user', content: 'x' }], action: 'explain', subject: 'const a = 1;', prompt: UNSURE, files: [] }));
    const off = routerFor(srv, { extra: { rules, routing: { ask_local_model: false } } }, { localLabelLimitMs: 60_000 }).router;
    await drain(off.stream({ messages: [{ role: 'user', content: UNSURE }], action: 'chat', files: [] }));
    assert.equal(labelRequests().length, 0);
    assert.ok(!srv.log.some((e) => e.path === '/api/tags'));
  });

  it('skipped when no local model is up: the model is not pulled (listing without it)', async () => {
    srv.setDefaults({ respond: labelling, models: { ...srv.defaults().models, ollama: ['nomic-embed-text'] } });
    const { router } = routerFor(srv, { extra: { rules } }, { localLabelLimitMs: 60_000 });
    const d = decisionOf(await drain(router.stream({ messages: [{ role: 'user', content: UNSURE }], action: 'chat', files: [] })));
    assert.equal(d.classification!.signals.model, 'skipped: no local model is up');
    assert.equal(d.decision.taskType, classify({ action: 'chat', prompt: UNSURE }, { quality: router.quality() }).taskType);
    assert.equal(labelRequests().length, 0);
  });

  it('skipped when no local model is up: nothing listens at its address', async () => {
    const dead = await startFakeProvider('ollama');
    const url = dead.url;
    await dead.close();
    const { router } = routerFor(srv, { providers: { ol: { base_url: url } }, extra: { rules } }, { localLabelLimitMs: 60_000 });
    const ev = await drain(router.stream({ messages: [{ role: 'user', content: UNSURE }], action: 'chat', files: [] }));
    assert.equal(decisionOf(ev).classification!.signals.model, 'skipped: no local model is up');
    assert.equal(ev.at(-1)!.type, 'done');
  });

  it('bounded: a local model that does not answer in time leaves the classifier\'s label, and its question is closed', async () => {
    const { router } = routerFor(srv, { extra: { rules } }, { localLabelLimitMs: 1000 });
    const unsure = () => router.stream({ messages: [{ role: 'user', content: UNSURE }], action: 'chat', files: [] });
    // A first exchange loads the SDK and remembers the model is up (on the router's own clock), so the timed
    // request goes straight to the question, far inside the limit, and the question surely reaches the model.
    await drain(unsure());
    srv.reset();
    srv.script(['hang'], { path: '/api/chat' });
    const d = decisionOf(await drain(unsure()));
    assert.equal(d.classification!.signals.model, 'timed out after 1000 ms');
    // The question is closed, not left running: wait until the server has seen it end, then check how.
    const asked = await srv.log.waitFor((e) => e.path === '/api/chat');
    await srv.log.waitFor((e) => e === asked && e.outcome !== 'pending');
    const questions = srv.log.filter((e) => e.path === '/api/chat');
    assert.deepEqual(questions.map((e) => [e.fault, e.outcome]), [['hang', 'client_aborted']]);
  });

  it('an answer outside the label space leaves the classifier\'s label', async () => {
    srv.setDefaults({ text: 'Sure! I think this is about reasoning.' });
    const { router } = routerFor(srv, { extra: { rules } }, { localLabelLimitMs: 60_000 });
    const d = decisionOf(await drain(router.stream({ messages: [{ role: 'user', content: UNSURE }], action: 'chat', files: [] })));
    assert.equal(d.classification!.signals.model, 'no usable answer');
  });

  it('parses a fenced or chatty JSON label; rejects labels outside the space', () => {
    assert.deepEqual(parseLabel('```json\n{"taskType":"docs","complexity":"Medium"}\n```'), { taskType: 'docs', complexity: 'medium' });
    assert.equal(parseLabel('{"taskType":"poetry","complexity":"simple"}'), undefined);
    assert.equal(parseLabel('{"taskType":"embedding","complexity":"simple"}'), undefined);
    assert.equal(parseLabel('no json here'), undefined);
  });
});
