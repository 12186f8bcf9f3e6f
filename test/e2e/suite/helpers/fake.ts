// The fake provider server started by test/e2e/globalSetup.mjs, seen from the extension host.
import * as assert from 'assert';

export const FAKE_URL = process.env.LLM_ROUTER_TEST_FAKE_URL ?? '';

export interface FakeLogEntry {
  id: number;
  flavor: string;
  path: string;
  model?: string;
  outcome: string;
  startedAt: number;
  endedAt?: number;
  closedAt?: number;
  chunksSent: number;
  headers: Record<string, string>;
  body: unknown;
}

export async function fakeLog(): Promise<FakeLogEntry[]> {
  assert.ok(FAKE_URL, 'LLM_ROUTER_TEST_FAKE_URL is not set: run through test/e2e/run.mjs');
  const r = await fetch(`${FAKE_URL}/__fake/log`);
  const body = (await r.json()) as FakeLogEntry[] | { entries: FakeLogEntry[] };
  return Array.isArray(body) ? body : body.entries;
}

export async function fakeScript(steps: unknown[], match?: Record<string, string>): Promise<void> {
  const r = await fetch(`${FAKE_URL}/__fake/script`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ steps, match }) });
  assert.strictEqual(r.status < 300, true, `script failed: ${r.status} ${await r.text()}`);
}

export async function fakeReset(): Promise<void> {
  await fetch(`${FAKE_URL}/__fake/reset`, { method: 'POST' });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it gives a value; the limit only stops a hung wait (mocha's own is 60 s). */
export async function until<T>(what: string, fn: () => T | Promise<T>, timeoutMs = 45_000): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
