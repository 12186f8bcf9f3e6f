// Key hygiene: the loaded API keys and anything token-shaped are redacted before anything is logged.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRedactor, KEY_PLACEHOLDER, redactKeys } from '../../src/core/privacy';
import { GENERATORS, prng } from '../fixtures/secrets-corpus/generate';
import { ALL_KEYS, shipped } from './helpers/config';

describe('redactKeys', () => {
  it('replaces every occurrence, longest key first, and the URL-encoded form', () => {
    const keys = ['abc123+/secretKEY', 'abc123+/secretKEY-extended'];
    const text = `a=abc123+/secretKEY-extended b=abc123+/secretKEY c=${encodeURIComponent('abc123+/secretKEY')}`;
    assert.equal(redactKeys(text, keys), `a=${KEY_PLACEHOLDER} b=${KEY_PLACEHOLDER} c=${KEY_PLACEHOLDER}`);
  });

  it('ignores empty and very short keys (they would shred the text)', () => {
    assert.equal(redactKeys('a key k in a sentence', ['k', '', undefined]), 'a key k in a sentence');
  });
});

describe('createRedactor', () => {
  it('knows the keys of a loaded config, which the config never serializes', () => {
    const cfg = shipped();
    const json = JSON.stringify([...cfg.providers.values()]);
    for (const k of Object.values(ALL_KEYS)) assert.ok(!json.includes(k), 'apiKey is non-enumerable');
    const r = createRedactor(cfg);
    assert.equal(r.keyCount, Object.keys(ALL_KEYS).length);
    const line = `POST /v1/messages x-api-key: ${ALL_KEYS.ANTHROPIC_API_KEY} auth=Bearer ${ALL_KEYS.OPENAI_API_KEY}`;
    const out = r.redact(line);
    for (const k of Object.values(ALL_KEYS)) assert.ok(!out.includes(k), out);
    assert.match(out, /x-api-key: \[REDACTED:api_key\]/);
  });

  it('also redacts token-shaped secrets it was never told about', () => {
    const rng = prng(11);
    const gh = GENERATORS.ghp(rng);
    const ant = GENERATORS.anthropic(rng);
    const out = createRedactor().redact(`error: 401 for token ${gh}; retry with ${ant}`);
    assert.equal(out, 'error: 401 for token [REDACTED:github_token]; retry with [REDACTED:anthropic_api_key]');
  });

  it('redactDeep copies structured log events, handles errors and cycles, leaves the input alone', () => {
    const r = createRedactor([{ apiKey: 'live-key-1234567890' }]);
    const event: Record<string, unknown> = { provider: 'p', headers: { authorization: 'Bearer live-key-1234567890' }, list: ['live-key-1234567890', 3], n: 1 };
    event.self = event;
    const out = r.redactDeep({ event, err: new Error('bad key live-key-1234567890') });
    const ev = out.event as Record<string, unknown>;
    assert.deepEqual(ev.headers, { authorization: `Bearer ${KEY_PLACEHOLDER}` });
    assert.deepEqual(ev.list, [KEY_PLACEHOLDER, 3]);
    assert.equal(ev.self, ev);
    assert.deepEqual(out.err, { name: 'Error', message: `bad key ${KEY_PLACEHOLDER}` });
    assert.equal((event.headers as { authorization: string }).authorization, 'Bearer live-key-1234567890');
  });

  it('setKeys replaces the known keys; addKeys adds', () => {
    const r = createRedactor([{ apiKey: 'first-key-aaaaaaaa' }]);
    r.setKeys([{ apiKey: 'second-key-bbbbbbbb' }, {}]);
    assert.equal(r.redact('first-key-aaaaaaaa second-key-bbbbbbbb'), `first-key-aaaaaaaa ${KEY_PLACEHOLDER}`);
    r.addKeys(['first-key-aaaaaaaa', undefined]);
    assert.equal(r.keyCount, 2);
    assert.equal(r.redact('first-key-aaaaaaaa'), KEY_PLACEHOLDER);
  });
});
