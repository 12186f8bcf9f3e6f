// `llm-router budget`: today's spent, reserved and remaining, overall and per provider, with the limits in force.
import { usd } from '../../core/spend/limits';
import type { BudgetStatus } from '../../core/spend/budget';
import { parse } from '../args';
import { cliBudget } from '../cliBudget';
import { json, table, type CliIO } from '../io';
import { loadCliConfig } from '../loadConfig';

const USAGE = 'llm-router budget [--state-dir DIR] [--config FILE] [--json]';

export async function budgetCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(argv, { 'state-dir': { type: 'string' }, config: { type: 'string' }, json: { type: 'boolean' } }, USAGE);
  const config = loadCliConfig(values.config, io);
  const { budget, stateDir } = cliBudget(values['state-dir'], config, io);
  try {
    // A ledger that cannot be read throws (exit 1, never $0); one that cannot be written is shown, then exit 1.
    const status = budget.status();
    io.out(values.json ? json({ ...status, stateDir }) : format(status, stateDir));
    if (!status.unavailable) return 0;
    io.err(`${status.unavailable} (ledger ${stateDir}): paid requests are refused until it can be written\n`);
    return 1;
  } finally {
    budget.dispose();
  }
}

export const skipped = (n: number) => `${n} invalid line${n === 1 ? '' : 's'} skipped`;

const opt = (n: number | undefined) => (n === undefined ? '-' : usd(n));

function format(s: BudgetStatus, stateDir: string): string {
  const pct = Math.round(s.warningThreshold * 100);
  const head = table([
    ['today', `${s.day} (local day): ${s.state}`],
    ['budget', `${usd(s.budgetUsd)} a day, warning at ${pct}% (${usd(s.budgetUsd * s.warningThreshold)}), per request ${s.perRequestUsd === undefined ? 'no limit' : usd(s.perRequestUsd)}`],
    ['spent', `${usd(s.spentUsd)} in ${s.requests} request${s.requests === 1 ? '' : 's'}`],
    ['reserved', usd(s.reservedUsd)],
    ['remaining', usd(s.remainingUsd)],
    ['ledger', stateDir + (s.skippedLines ? ` (${skipped(s.skippedLines)}; see the warnings)` : '')],
  ]);
  if (!s.providers.length) return head;
  const rows = s.providers.map((p) => [
    p.provider,
    usd(p.spentUsd),
    usd(p.reservedUsd),
    opt(p.dailyLimitUsd),
    opt(p.remainingUsd),
    opt(p.perRequestUsd),
    p.atLimit ? 'at limit' : '',
  ]);
  return head + '\n' + table([['provider', 'spent', 'reserved', 'daily limit', 'remaining', 'per request', ''], ...rows]);
}
