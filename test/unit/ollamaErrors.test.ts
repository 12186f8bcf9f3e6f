// Ollama's errors read as text, whatever shape the server gives them: `{"error": "…"}` as Ollama sends it, and
// `{"error": {"message": …}}` as OpenAI-style servers and proxies do, before the stream or as a line in it.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { Router } from '../../src/core/router';
import { ask, configFor } from './routerFixture';
import { startFakeProvider } from '../fixtures/fakeProviders/index.js';

const servers: Server[] = [];
after(() => servers.forEach((s) => s.close()));

/** An Ollama look-alike that answers every request with `reply`. */
async function ollamaAt(reply: (res: import('node:http').ServerResponse) => void): Promise<string> {
  const s = createServer((_req, res) => reply(res));
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

async function errorFrom(baseUrl: string): Promise<string> {
  const fake = await startFakeProvider('all');
  try {
    const cfg = configFor(fake, { use: ['ol'], router: { retries: 0 }, providers: { ol: { base_url: baseUrl } } });
    const err = await new Router({ config: cfg }).complete(ask()).then(() => undefined, (e: Error) => e);
    assert.ok(err, 'the request failed');
    return err.message;
  } finally {
    await fake.close();
  }
}

describe('Ollama errors are text, never [object Object]', () => {
  it('an HTTP error whose body holds the error as an object', async () => {
    const url = await ollamaAt((res) => res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'model "x" not found, try pulling it first', type: 'not_found' } })));
    const message = await errorFrom(url);
    assert.match(message, /model "x" not found, try pulling it first \(HTTP 400\)/);
    assert.doesNotMatch(message, /\[object Object\]/);
  });

  it('an error line in the middle of the stream, as an object', async () => {
    const url = await ollamaAt((res) => {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      res.write(JSON.stringify({ model: 'm', message: { role: 'assistant', content: 'hi' }, done: false }) + '\n');
      res.end(JSON.stringify({ error: { message: 'CUDA out of memory' } }) + '\n');
    });
    const message = await errorFrom(url);
    assert.match(message, /stopped after 2 characters .*CUDA out of memory/);
    assert.doesNotMatch(message, /\[object Object\]/);
  });

  it("and Ollama's own string errors stay as they are", async () => {
    const url = await ollamaAt((res) => res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: "model 'llama9' not found" })));
    const text = await errorFrom(url);
    assert.match(text, /model 'llama9' not found.*\(HTTP 404\)/);
    assert.doesNotMatch(text, /\[object Object\]|"error"/);
  });
});
