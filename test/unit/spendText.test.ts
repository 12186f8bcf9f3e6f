// How the status bar, its tooltip and Show Spend word today's spend.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BudgetStatus } from '../../src/core/spend/budget';
import { spendFacts, statusText } from '../../src/vscode/spendText';

const status = (requests: number, providerRequests: number): BudgetStatus => ({
  day: '2026-12-03',
  state: 'ok',
  budgetUsd: 10,
  warningThreshold: 0.8,
  spentUsd: 0.004,
  reservedUsd: 0,
  remainingUsd: 9.996,
  requests,
  providers: [{ provider: 'anthropic', spentUsd: 0.004, reservedUsd: 0, requests: providerRequests, atLimit: false } as BudgetStatus['providers'][number]],
});

describe('spend wording', () => {
  it('"1 request", never "1 requests"', () => {
    const one = spendFacts(status(1, 1)).join('\n');
    assert.match(one, /· 1 request$/m);
    assert.match(one, /^anthropic: \$0\.0040, 1 request$/m);
    assert.doesNotMatch(one, /\b1 requests\b/);
    const two = spendFacts(status(2, 0)).join('\n');
    assert.match(two, /· 2 requests$/m);
    assert.match(two, /^anthropic: \$0\.0040, 0 requests$/m);
  });

  it('the status bar: spend against the budget, below a cent with four decimals', () => {
    assert.equal(statusText(status(1, 1)), '$(pulse) $0.0040 / $10.00');
  });
});
