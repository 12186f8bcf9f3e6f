// The router's read-only provider state the dashboard shows: cooldowns and what is left of a rate limit.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Router } from '../../src/core/router';
import { Cooldowns } from '../../src/core/router/cooldown';
import { RateLimiter } from '../../src/core/router/rateLimit';
import { fromYaml } from './helpers/config';

describe('dashboard: router provider state', () => {
  it('counts failures inside the window and reports the cooldown they start', () => {
    const c = new Cooldowns();
    const policy = { failures: 3, window_s: 60, duration_s: 30 };
    c.failed('p', 1_000, policy);
    c.failed('p', 2_000, policy);
    assert.equal(c.recentFailures('p', 3_000, 60), 2);
    assert.equal(c.recentFailures('p', 62_500, 60), 0, 'failures older than the window do not count');
    c.failed('p', 3_000, policy);
    assert.equal(c.coolingUntil('p', 4_000), 33_000);
  });

  it('reads the rate limit without taking a slot', () => {
    const l = new RateLimiter();
    assert.equal(l.available('p', 30, 0), 30);
    for (let i = 0; i < 10; i++) assert.equal(l.take('p', 30, 0), 0);
    assert.equal(l.available('p', 30, 0), 20);
    assert.equal(l.available('p', 30, 0), 20, 'reading twice takes nothing');
    assert.equal(l.available('p', 30, 4_000), 22, 'refills at rpm/60 per second');
  });

  it('Router.providerState: nothing cooling, the full allowance before any request', () => {
    const cfg = fromYaml('providers:\n  local:\n    a: { type: ollama, base_url: "http://127.0.0.1:1", default_model: m, rate_limit: 12 }\n    b: { type: ollama, base_url: "http://127.0.0.1:2", default_model: m }\nrules:\n  - use: [a]\n    reason: x\n');
    const r = new Router({ config: cfg, now: () => 1_000 });
    assert.deepEqual(r.providerState('a'), { recentFailures: 0, rateLimit: { rpm: 12, available: 12 } });
    assert.deepEqual(r.providerState('b'), { recentFailures: 0 });
  });
});
