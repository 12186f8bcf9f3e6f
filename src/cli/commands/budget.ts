// `llm-router budget`: today's spent, reserved and remaining, overall and per provider, with the limits in force.
import { openBudget } from '../../core/spend/open';
import { usd } from '../../core/spend/limits';
import type { BudgetStatus } from '../../core/spend/budget';
import { resolveStateDir } from '../../core/stateDir';
import { parse } from '../args';
import { json, table, type CliIO } from '../io';
import { loadCliConfig } from '../loadConfig';

const USAGE = 'llm-router budget [--state-dir DIR] [--config FILE] [--json]';

export async function budgetCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(argv, { 'state-dir': { type: 'string' }, config: { type: 'string' }, json: { type: 'boolean' } }, USAGE);
  const config = loadCliConfig(values.config, io);
  const stateDir = resolveStateDir({ flag: values['state-dir'], env: io.env, cwd: io.cwd });
  const budget = openBudget(stateDir, config, { onWarning: (m) => io.err(`warning: ${m}\n`) });
  try {
    const status = budget.status();
    io.out(values.json ? json({ ...status, stateDir }) : format(status, stateDir));
    return 0;
  } finally {
    budget.dispose();
  }
}

const opt = (n: number | undefined) => (n === undefined ? '-' : usd(n));

function format(s: BudgetStatus, stateDir: string): string {
  const pct = Math.round(s.warningThreshold * 100);
  const head = table([
    ['today', `${s.day} (local day): ${s.state}`],
    ['budget', `${usd(s.budgetUsd)} a day, warning at ${pct}% (${usd(s.budgetUsd * s.warningThreshold)}), per request ${s.perRequestUsd === undefined ? 'no limit' : usd(s.perRequestUsd)}`],
    ['spent', `${usd(s.spentUsd)} in ${s.requests} request${s.requests === 1 ? '' : 's'}`],
    ['reserved', usd(s.reservedUsd)],
    ['remaining', usd(s.remainingUsd)],
    ['ledger', stateDir],
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
