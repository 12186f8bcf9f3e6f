// The dashboard's provider list says how each provider's last request went: a cancellation is not a failure.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProviderRow } from '../../src/core/dashboard/protocol';
import { providerFacts } from '../../src/webview/sections/providers';

const row = (outcome: string): ProviderRow => ({ name: 'ollama', tier: 'local', type: 'ollama', local: true, line: 3, recentFailures: 0, lastTry: { outcome, ms: 42 } }) as ProviderRow;
const last = (outcome: string) => providerFacts(row(outcome)).find((f) => f.startsWith('last request'));

describe('dashboard: the last request of a provider', () => {
  it('an inline request that was only cancelled reads "cancelled", not "failed"', () => {
    assert.equal(last('cancelled'), 'last request cancelled (42 ms)');
  });
  it('ok is ok, anything else failed', () => {
    assert.equal(last('ok'), 'last request ok (42 ms)');
    assert.equal(last('error: HTTP 500'), 'last request failed (42 ms)');
    assert.equal(last('timeout: stream idle for 30000 ms'), 'last request failed (42 ms)');
  });
});
