// The fake provider servers, exercised through the REAL official SDKs pointed at them by base URL.
// Run: npx tsx --test test/unit/fakeProviders.test.ts
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import Groq from 'groq-sdk';
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import {
  countTokens,
  fakeEmbedding,
  fimText,
  replyText,
  startFakeProvider,
  type FakeProvider,
  type LogEntry,
} from '../fixtures/fakeProviders/index.js';
import { now } from '../fixtures/fakeProviders/util.js';

const KEY = 'sk-test-SECRET-123';
const PROMPT = 'write a haiku about routers';
const userMsg = [{ role: 'user' as const, content: PROMPT }];

let srv: FakeProvider;
let openai: OpenAI;
let anthropic: Anthropic;
let groq: Groq;
let ollama: Ollama;

function sdkClients(url: string): void {
  openai = new OpenAI({ baseURL: `${url}/v1`, apiKey: KEY, maxRetries: 0, logLevel: 'off' });
  anthropic = new Anthropic({ baseURL: url, apiKey: KEY, maxRetries: 0, logLevel: 'off' });
  groq = new Groq({ baseURL: url, apiKey: KEY, maxRetries: 0, logLevel: 'off' });
  ollama = new Ollama({ host: url });
}

/** Run `fn`, expecting it to reject; return the error. */
async function rejects(fn: () => Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await fn();
  } catch (e) {
    return e as Error & Record<string, unknown>;
  }
  assert.fail('expected a rejection');
}

const closed = (e: LogEntry): boolean => e.closedAt !== null;

before(async () => {
  srv = await startFakeProvider('all');
  sdkClients(srv.url);
});
after(async () => {
  await srv.close();
});
beforeEach(() => srv.reset());

describe('OpenAI wire protocol', () => {
  it('streams role delta, content, finish and include_usage chunk', async () => {
    const stream = await openai.chat.completions.create({
      model: 'gpt-4o',
      messages: userMsg,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const c of stream) chunks.push(c);
    assert.equal(chunks[0]?.choices[0]?.delta.role, 'assistant');
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    assert.equal(text, replyText(PROMPT));
    assert.equal(chunks.filter((c) => c.choices[0]?.delta.content).length, 8);
    assert.equal(chunks.at(-2)?.choices[0]?.finish_reason, 'stop');
    const last = chunks.at(-1);
    assert.deepEqual(last?.choices, []);
    assert.equal(last?.usage?.prompt_tokens, countTokens(PROMPT));
    assert.equal(last?.usage?.completion_tokens, 8);
    assert.equal(last?.usage?.total_tokens, countTokens(PROMPT) + 8);
    assert.equal(last?.usage?.prompt_tokens_details?.cached_tokens, 0);
    const e = srv.log.last();
    assert.equal(e?.path, '/v1/chat/completions');
    assert.equal(e?.model, 'gpt-4o');
    assert.equal(e?.stream, true);
    assert.equal(e?.outcome, 'completed');
    assert.equal(e?.chunksSent, 8);
    assert.equal(e?.headers.authorization, '<redacted>');
    assert.ok(!JSON.stringify(srv.log).includes(KEY), 'API key leaked into the log');
  });

  it('answers non-streamed chat with usage and honours max_tokens', async () => {
    const r = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: userMsg, max_tokens: 3 });
    assert.equal(r.choices[0]?.message.content, replyText(PROMPT).split(' ').slice(0, 3).join(' '));
    assert.equal(r.choices[0]?.finish_reason, 'length');
    assert.equal(r.usage?.completion_tokens, 3);
  });

  it('reports cached_tokens for a repeated long prefix (automatic caching)', async () => {
    srv.setDefaults({ openaiCacheMinTokens: 5 });
    const system = { role: 'system' as const, content: 'you are a very careful and helpful assistant' };
    const first = await openai.chat.completions.create({ model: 'gpt-4o', messages: [system, ...userMsg] });
    assert.equal(first.usage?.prompt_tokens_details?.cached_tokens, 0);
    const second = await openai.chat.completions.create({
      model: 'gpt-4o',
      messages: [system, { role: 'user', content: 'something else entirely' }],
    });
    assert.equal(second.usage?.prompt_tokens_details?.cached_tokens, countTokens(system.content));
  });

  it('legacy completions: streamed FIM with suffix, and non-streamed', async () => {
    const s = await openai.completions.create({
      model: 'gpt-3.5-turbo-instruct',
      prompt: 'def add(a, b):',
      suffix: '\n\nprint(add(1, 2))',
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage;
    for await (const c of s) {
      text += c.choices[0]?.text ?? '';
      if (c.usage) usage = c.usage;
    }
    assert.equal(text, fimText('def add(a, b):', '\n\nprint(add(1, 2))'));
    assert.equal(usage?.completion_tokens, 8);
    const r = await openai.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'hello' });
    assert.equal(r.choices[0]?.text, replyText('hello'));
  });

  it('embeddings: SDK base64 default decodes to the deterministic vector; dimensions honoured', async () => {
    const r = await openai.embeddings.create({ model: 'text-embedding-3-small', input: ['alpha', 'beta'] });
    assert.equal(r.data.length, 2);
    assert.deepEqual(r.data[0]?.embedding, fakeEmbedding('alpha', 8));
    assert.deepEqual(r.data[1]?.embedding, fakeEmbedding('beta', 8));
    const f = await openai.embeddings.create({
      model: 'text-embedding-3-small',
      input: 'gamma',
      encoding_format: 'float',
      dimensions: 16,
    });
    assert.deepEqual(f.data[0]?.embedding, fakeEmbedding('gamma', 16));
    assert.equal(f.usage.prompt_tokens, 1);
  });

  it('lists models', async () => {
    const ids = [];
    for await (const m of openai.models.list()) ids.push(m.id);
    assert.ok(ids.includes('gpt-4o'));
  });
});

describe('Groq paths (/openai/v1) through groq-sdk', () => {
  it('streams chat with usage in the final chunk’s x_groq', async () => {
    const stream = await groq.chat.completions.create({ model: 'llama-3.1-70b-versatile', messages: userMsg, stream: true });
    let text = '';
    let xUsage;
    let finish;
    for await (const c of stream) {
      text += c.choices[0]?.delta.content ?? '';
      if (c.x_groq?.usage) xUsage = c.x_groq.usage;
      finish ??= c.choices[0]?.finish_reason ?? undefined;
    }
    assert.equal(text, replyText(PROMPT));
    assert.equal(finish, 'stop');
    assert.equal(xUsage?.completion_tokens, 8);
    assert.equal(xUsage?.prompt_tokens, countTokens(PROMPT));
    assert.equal(srv.log.last()?.path, '/openai/v1/chat/completions');
    assert.equal(srv.log.last()?.flavor, 'groq');
  });

  it('429 surfaces as Groq.RateLimitError with retry-after (no retry-after-ms)', async () => {
    srv.script([{ status: 429, retryAfter: 7 }]);
    const err = await rejects(() => groq.chat.completions.create({ model: 'x', messages: userMsg }));
    assert.ok(err instanceof Groq.RateLimitError);
    assert.equal(err.status, 429);
    assert.equal((err.headers as Headers).get('retry-after'), '7');
    assert.equal((err.headers as Headers).get('retry-after-ms'), null);
    const models = await groq.models.list();
    assert.ok(models.data.some((m) => m.id === 'llama-3.1-70b-versatile'));
  });
});

describe('Anthropic wire protocol', () => {
  it('streams the exact event sequence; text and usage arrive', async () => {
    const stream = await anthropic.messages.create({ model: 'claude-sonnet-4-20250514', max_tokens: 100, messages: userMsg, stream: true });
    const types: string[] = [];
    let text = '';
    for await (const ev of stream) {
      types.push(ev.type);
      if (ev.type === 'content_block_delta' && ev.delta.type === 'text_delta') text += ev.delta.text;
    }
    assert.deepEqual(types, [
      'message_start',
      'content_block_start',
      ...Array(8).fill('content_block_delta'),
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]); // ping is consumed by the SDK
    assert.equal(text, replyText(PROMPT));
    const e = srv.log.last();
    // SDK 1.x sends the key as `authorization: Bearer`; older ones as `x-api-key`. Both are redacted.
    assert.equal(e?.headers['x-api-key'] ?? e?.headers.authorization, '<redacted>');
    assert.ok(!JSON.stringify(srv.log).includes(KEY), 'API key leaked into the log');
    assert.equal(e?.usage?.output_tokens, 8);
  });

  it('reports cache_creation then cache_read tokens for cache_control prefixes', async () => {
    const system = [{ type: 'text' as const, text: 'long shared system prompt about the codebase', cache_control: { type: 'ephemeral' as const } }];
    const ask = (q: string) =>
      anthropic.messages.stream({ model: 'claude-sonnet-4-20250514', max_tokens: 50, system, messages: [{ role: 'user', content: q }] }).finalMessage();
    const first = await ask('first question');
    assert.equal(first.usage.cache_creation_input_tokens, 7);
    assert.equal(first.usage.cache_read_input_tokens, 0);
    assert.equal(first.usage.input_tokens, 2);
    assert.equal(first.usage.output_tokens, 8);
    const second = await ask('a different second question');
    assert.equal(second.usage.cache_creation_input_tokens, 0);
    assert.equal(second.usage.cache_read_input_tokens, 7);
    assert.equal(second.usage.input_tokens, 4);
    assert.equal(second.content[0]?.type === 'text' && second.content[0].text, replyText('a different second question'));
  });

  it('non-streamed message, max_tokens stop reason, 400 on missing max_tokens', async () => {
    const m = await anthropic.messages.create({ model: 'claude-3-5-haiku-20241022', max_tokens: 2, messages: userMsg });
    assert.equal(m.stop_reason, 'max_tokens');
    assert.equal(m.usage.output_tokens, 2);
    const raw = await fetch(`${srv.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': KEY },
      body: JSON.stringify({ model: 'claude', messages: userMsg }),
    });
    assert.equal(raw.status, 400);
    assert.equal(srv.log.last()?.headers['x-api-key'], '<redacted>');
    const body = (await raw.json()) as { type: string; error: { type: string; message: string } };
    assert.equal(body.type, 'error');
    assert.equal(body.error.type, 'invalid_request_error');
  });

  it('faults surface as the SDK’s own errors in Anthropic’s error shape', async () => {
    srv.script([{ status: 429, retryAfter: 3 }, 529, 401]);
    const rl = await rejects(() => anthropic.messages.create({ model: 'c', max_tokens: 5, messages: userMsg }));
    assert.ok(rl instanceof Anthropic.RateLimitError);
    assert.equal((rl.headers as Headers).get('retry-after'), '3');
    assert.equal((rl.error as { error: { type: string } }).error.type, 'rate_limit_error');
    const ov = await rejects(() => anthropic.messages.create({ model: 'c', max_tokens: 5, messages: userMsg }));
    assert.ok(ov instanceof Anthropic.APIError);
    assert.equal(ov.status, 529);
    assert.equal((ov.error as { error: { type: string } }).error.type, 'overloaded_error');
    const au = await rejects(() => anthropic.messages.create({ model: 'c', max_tokens: 5, messages: userMsg }));
    assert.ok(au instanceof Anthropic.AuthenticationError);
    assert.deepEqual(srv.log.map((e) => e.outcome), ['fault:429', 'fault:529', 'fault:401']);
  });

  it('in-stream error event after k chunks surfaces mid-iteration', async () => {
    const stream = await anthropic.messages.create(
      { model: 'c', max_tokens: 50, messages: userMsg, stream: true },
      { headers: { 'x-fake-fault': JSON.stringify({ errorAfter: 2 }) } },
    );
    let deltas = 0;
    const err = await rejects(async () => {
      for await (const ev of stream) if (ev.type === 'content_block_delta') deltas++;
    });
    assert.equal(deltas, 2);
    assert.ok(err instanceof Anthropic.APIError);
    assert.match(err.message, /Overloaded/);
  });

  it('malformed data line and cut stream both throw mid-iteration', async () => {
    srv.script([{ malformedAfter: 1 }, { cutAfter: 4 }]);
    for (const expectDeltas of [1, 4]) {
      const stream = await anthropic.messages.create({ model: 'c', max_tokens: 50, messages: userMsg, stream: true });
      let deltas = 0;
      await rejects(async () => {
        for await (const ev of stream) if (ev.type === 'content_block_delta') deltas++;
      });
      assert.equal(deltas, expectDeltas);
    }
    assert.deepEqual(srv.log.map((e) => e.outcome), ['fault:malformed', 'fault:cut']);
  });

  it('/v1/models is disambiguated by the anthropic-version header on the "all" server', async () => {
    const page = await anthropic.models.list();
    assert.equal(page.data[0]?.type, 'model');
    assert.equal(page.data[0]?.id, 'claude-sonnet-4-20250514');
    const oa = await openai.models.list();
    assert.equal(oa.data[0]?.object, 'model');
  });
});

describe('Ollama wire protocol', () => {
  it('streams chat NDJSON with final done object and counts', async () => {
    const stream = await ollama.chat({ model: 'llama3.1:8b', messages: userMsg, stream: true });
    let text = '';
    let final;
    for await (const part of stream) {
      text += part.message.content;
      if (part.done) final = part;
    }
    assert.equal(text, replyText(PROMPT));
    assert.equal(final?.eval_count, 8);
    assert.equal(final?.prompt_eval_count, countTokens(PROMPT));
    assert.equal(final?.done_reason, 'stop');
    assert.ok((final?.total_duration ?? 0) > 0);
  });

  it('non-streamed chat and FIM generate with suffix', async () => {
    const r = await ollama.chat({ model: 'llama3.1:8b', messages: userMsg, options: { num_predict: 4 } });
    assert.equal(r.message.content, replyText(PROMPT).split(' ').slice(0, 4).join(' '));
    assert.equal(r.done_reason, 'length');
    assert.equal(srv.log.last()?.stream, false);
    const g = await ollama.generate({ model: 'deepseek-coder:6.7b', prompt: 'def f(x):\n    ', suffix: '\n    return y', stream: true });
    let fim = '';
    for await (const p of g) fim += p.response;
    assert.equal(fim, fimText('def f(x):\n    ', '\n    return y'));
    const plain = await ollama.generate({ model: 'llama3.1:8b', prompt: 'hi' });
    assert.equal(plain.response, replyText('hi'));
    assert.ok(Array.isArray(plain.context));
  });

  it('embed (string and array), tags and version', async () => {
    const one = await ollama.embed({ model: 'nomic-embed-text', input: 'alpha' });
    assert.deepEqual(one.embeddings, [fakeEmbedding('alpha', 8)]);
    const two = await ollama.embed({ model: 'nomic-embed-text', input: ['alpha', 'beta'] });
    assert.deepEqual(two.embeddings, [fakeEmbedding('alpha', 8), fakeEmbedding('beta', 8)]);
    const tags = await ollama.list();
    assert.ok(tags.models.some((m) => m.name === 'deepseek-coder:6.7b'));
    assert.match((await ollama.version()).version, /^\d+\.\d+\.\d+$/);
  });

  it('errors arrive as ResponseError with the status and Ollama’s {error} message', async () => {
    srv.script([503, { status: 404, message: 'model "nope" not found, try pulling it first' }]);
    const busy = await rejects(() => ollama.chat({ model: 'llama3.1:8b', messages: userMsg }));
    assert.equal(busy.name, 'ResponseError');
    assert.equal(busy.status_code, 503);
    assert.match(busy.message, /server busy/);
    const nf = await rejects(() => ollama.generate({ model: 'nope', prompt: 'x' }));
    assert.equal(nf.status_code, 404);
    assert.match(nf.message, /not found/);
  });

  it('a malformed NDJSON line is skipped by the ollama SDK (console.warn), the rest arrives', async (t) => {
    const warn = t.mock.method(console, 'warn', () => undefined);
    srv.script([{ malformedAfter: 2 }]);
    const stream = await ollama.chat({ model: 'llama3.1:8b', messages: userMsg, stream: true });
    let text = '';
    for await (const p of stream) text += p.message.content;
    assert.equal(text, replyText(PROMPT));
    assert.equal(warn.mock.callCount(), 1);
    assert.equal(srv.log.last()?.outcome, 'fault:malformed');
  });

  it('stream cut after k chunks errors mid-iteration', async () => {
    srv.script([{ cutAfter: 3 }]);
    const stream = await ollama.chat({ model: 'llama3.1:8b', messages: userMsg, stream: true });
    let n = 0;
    await rejects(async () => {
      for await (const p of stream) if (p.message.content) n++;
    });
    assert.equal(n, 3);
    assert.equal(srv.log.last()?.outcome, 'fault:cut');
  });
});

describe('Faults through the OpenAI SDK', () => {
  it('script queue: 429 (Retry-After + retry-after-ms), 500, then ok', async () => {
    srv.script([{ status: 429, retryAfter: 2 }, { status: 500 }, 'ok']);
    const call = () => openai.chat.completions.create({ model: 'gpt-4o', messages: userMsg });
    const rl = await rejects(call);
    assert.ok(rl instanceof OpenAI.RateLimitError);
    assert.equal(rl.status, 429);
    assert.equal((rl.headers as Headers).get('retry-after'), '2');
    assert.equal((rl.headers as Headers).get('retry-after-ms'), '2000');
    assert.equal((rl.error as { code: string }).code, 'rate_limit_exceeded');
    const ise = await rejects(call);
    assert.ok(ise instanceof OpenAI.InternalServerError);
    assert.equal(ise.status, 500);
    const ok = await call();
    assert.equal(ok.choices[0]?.message.content, replyText(PROMPT));
    assert.equal(srv.scriptRemaining(), 0);
    assert.deepEqual(srv.log.map((e) => e.outcome), ['fault:429', 'fault:500', 'completed']);
  });

  it('each status maps to the SDK error class; header x-fake-fault works per request', async () => {
    const cases: Array<[unknown, new (...a: never[]) => Error, number]> = [
      [401, OpenAI.AuthenticationError, 401],
      [400, OpenAI.BadRequestError, 400],
      [404, OpenAI.NotFoundError, 404],
      [{ status: 503 }, OpenAI.InternalServerError, 503],
    ];
    for (const [fault, cls, status] of cases) {
      const err = await rejects(() =>
        openai.chat.completions.create(
          { model: 'gpt-4o', messages: userMsg },
          { headers: { 'x-fake-fault': JSON.stringify(fault) } },
        ),
      );
      assert.ok(err instanceof cls, `${String(status)} -> ${err.constructor.name}`);
      assert.equal(err.status, status);
    }
  });

  it('script match scopes a queue to one flavour / model', async () => {
    srv.script([500], { flavor: 'anthropic' });
    srv.script([{ status: 429, retryAfter: 1 }], { model: 'gpt-4o-mini' });
    await openai.chat.completions.create({ model: 'gpt-4o', messages: userMsg });
    await rejects(() => openai.chat.completions.create({ model: 'gpt-4o-mini', messages: userMsg }));
    await rejects(() => anthropic.messages.create({ model: 'c', max_tokens: 5, messages: userMsg }));
    assert.deepEqual(srv.log.map((e) => e.outcome), ['completed', 'fault:429', 'fault:500']);
  });

  it('cut stream surfaces as an error mid-iteration', async () => {
    srv.script([{ cutAfter: 3 }]);
    const stream = await openai.chat.completions.create({ model: 'gpt-4o', messages: userMsg, stream: true });
    let got = '';
    const err = await rejects(async () => {
      for await (const c of stream) got += c.choices[0]?.delta.content ?? '';
    });
    assert.ok(err instanceof Error);
    assert.equal(got, replyChunksText(3));
    const e = await srv.log.waitFor(closed);
    assert.equal(e.outcome, 'fault:cut');
    assert.equal(e.chunksSent, 3);
    assert.equal(e.clientAborted, false);
  });

  it('malformed SSE chunk after k chunks throws while iterating', async () => {
    srv.script([{ malformedAfter: 2 }]);
    const stream = await openai.chat.completions.create({ model: 'gpt-4o', messages: userMsg, stream: true });
    let n = 0;
    const err = await rejects(async () => {
      for await (const c of stream) if (c.choices[0]?.delta.content) n++;
    });
    assert.ok(err instanceof SyntaxError);
    assert.equal(n, 2);
    assert.equal(srv.log.last()?.outcome, 'fault:malformed');
  });

  // Lower bounds only: a deliberate delay can only be made longer by a busy machine, never shorter.
  it('slow first token and slow chunks are honoured', async () => {
    const t0 = performance.now();
    const stream = await openai.chat.completions.create(
      { model: 'gpt-4o', messages: userMsg, stream: true },
      { headers: { 'x-fake-fault': JSON.stringify({ firstChunkDelayMs: 120, chunkDelayMs: 15, chunks: 4 }) } },
    );
    const tHeaders = performance.now() - t0;
    for await (const _ of stream) void _;
    const total = performance.now() - t0;
    assert.ok(tHeaders >= 110, `headers after ${tHeaders} ms`);
    assert.ok(total >= 120 + 3 * 15 - 5, `total ${total} ms`);
    assert.equal(srv.log.last()?.chunksSent, 4);
  });
});

// "Closed promptly" without a stopwatch: the server is made to hold the stream open (`hang`, `hangAfter`), so
// the only way its log can say `client_aborted` is the client closing the connection, and nothing more is
// sent after the abort because nothing more is due. A client that ignored the abort would leave the test
// waiting for the close: waitFor's generous limit stops it.
describe('Cancellation closes the upstream connection', () => {
  it('abort while hanging: client_aborted, closed after the abort', async () => {
    srv.script(['hang']);
    const ac = new AbortController();
    const p = openai.chat.completions.create({ model: 'gpt-4o', messages: userMsg, stream: true }, { signal: ac.signal });
    await srv.log.waitFor((e) => e.fault === 'hang');
    const abortedAt = now();
    ac.abort();
    const err = await rejects(() => p);
    assert.ok(err instanceof OpenAI.APIUserAbortError);
    const e = await srv.log.waitFor(closed);
    assert.equal(e.outcome, 'client_aborted');
    assert.equal(e.clientAborted, true);
    assert.ok(e.closedAt! >= abortedAt, 'the close came after the abort, not before');
  });

  it('abort mid-stream (OpenAI and Anthropic SDKs): the server sees the close with the stream still open, no chunk after it', async () => {
    srv.setDefaults({ fault: { hangAfter: 3 } });
    const runs: Array<(s: AbortSignal) => Promise<AsyncIterable<unknown>>> = [
      (signal) => openai.chat.completions.create({ model: 'gpt-4o', messages: userMsg, stream: true }, { signal }),
      (signal) => anthropic.messages.create({ model: 'c', max_tokens: 50, messages: userMsg, stream: true }, { signal }),
    ];
    const textOf = (ev: unknown) => {
      const o = ev as { choices?: { delta?: { content?: string } }[]; delta?: { text?: string } };
      return o.choices?.[0]?.delta?.content ?? o.delta?.text ?? '';
    };
    for (const start of runs) {
      srv.log.clear();
      const ac = new AbortController();
      const stream = await start(ac.signal);
      let texts = 0;
      try {
        for await (const ev of stream) {
          if (textOf(ev) && ++texts === 3) ac.abort();
        }
      } catch (e) {
        assert.ok(/abort/i.test(String((e as Error).name) + String((e as Error).message)), String(e));
      }
      assert.equal(texts, 3);
      const e = await srv.log.waitFor(closed);
      assert.equal(e.outcome, 'client_aborted');
      assert.equal(e.chunksSent, 3, 'no chunk after the abort');
    }
  });

  it('ollama stream.abort() closes the connection', async () => {
    srv.setDefaults({ fault: { hangAfter: 1 } });
    const stream = await ollama.chat({ model: 'llama3.1:8b', messages: userMsg, stream: true });
    await rejects(async () => {
      for await (const p of stream) if (p.message.content) stream.abort();
    });
    const e = await srv.log.waitFor(closed);
    assert.equal(e.outcome, 'client_aborted');
    assert.equal(e.chunksSent, 1);
  });
});

describe('Server lifecycle and out-of-process control', () => {
  it('apiKey option rejects a wrong key with 401; reset restores defaults', async () => {
    srv.setDefaults({ apiKey: 'other-key' });
    const err = await rejects(() => openai.chat.completions.create({ model: 'gpt-4o', messages: userMsg }));
    assert.ok(err instanceof OpenAI.AuthenticationError);
    srv.reset();
    assert.equal(srv.log.length, 0);
    await openai.chat.completions.create({ model: 'gpt-4o', messages: userMsg });
  });

  it('close() releases a hanging request and destroys its socket', async () => {
    const s2 = await startFakeProvider('openai', { fault: 'hang' });
    const c = new OpenAI({ baseURL: `${s2.url}/v1`, apiKey: KEY, maxRetries: 0 });
    const p = c.chat.completions.create({ model: 'gpt-4o', messages: userMsg });
    await s2.log.waitFor((e) => e.fault === 'hang');
    await s2.close();
    const err = await rejects(() => p);
    assert.ok(err instanceof OpenAI.APIConnectionError);
    assert.equal(s2.log[0]?.outcome, 'fault:server_closed');
  });

  it('serve.ts CLI prints READY and exposes /__fake/script, /__fake/log, /__fake/reset', async () => {
    const here = typeof __dirname === 'string' ? __dirname : join(process.cwd(), 'test', 'unit');
    const serveTs = join(here, '..', 'fixtures', 'fakeProviders', 'serve.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', serveTs, '--port', '0', '--kind', 'all'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /READY (\S+)/.exec(out);
          if (m?.[1]) resolve(m[1]);
        });
        child.once('exit', (code) => reject(new Error(`serve.ts exited ${String(code)}`)));
      });
      const post = (path: string, body: unknown) =>
        fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      assert.equal((await post('/__fake/script', { steps: [{ status: 429, retryAfter: 4 }], match: { flavor: 'openai' } })).status, 200);
      const c = new OpenAI({ baseURL: `${url}/v1`, apiKey: KEY, maxRetries: 0 });
      const err = await rejects(() => c.chat.completions.create({ model: 'gpt-4o', messages: userMsg }));
      assert.ok(err instanceof OpenAI.RateLimitError);
      assert.equal((err.headers as Headers).get('retry-after'), '4');
      const ok = await c.chat.completions.create({ model: 'gpt-4o', messages: userMsg });
      assert.equal(ok.choices[0]?.message.content, replyText(PROMPT));
      const log = (await (await fetch(`${url}/__fake/log`)).json()) as LogEntry[];
      assert.deepEqual(log.map((e) => e.outcome), ['fault:429', 'completed']);
      assert.equal(log[0]?.headers.authorization, '<redacted>');
      await post('/__fake/reset', {});
      assert.deepEqual(await (await fetch(`${url}/__fake/log`)).json(), []);
    } finally {
      child.kill('SIGTERM');
    }
  });
});

function replyChunksText(k: number): string {
  return replyText(PROMPT).split(' ').slice(0, k).join(' ');
}
