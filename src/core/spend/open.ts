// The one way the extension and the CLI get a Budget: a state dir and the config's cost limits.
import type { LoadedConfig } from '../config/model';
import { Budget, type BudgetOptions } from './budget';
import type { CostLimits } from './limits';

export function openBudget(
  stateDir: string,
  config: Pick<LoadedConfig, 'raw'> | CostLimits,
  opts: Omit<BudgetOptions, 'stateDir' | 'limits'> = {},
): Budget {
  const limits = 'raw' in config ? config.raw.cost_limits : config;
  return new Budget({ ...opts, stateDir, limits });
}
