// The single place the CLI builds the spend side: the ledger and the daily budget under --state-dir, else
// $LLM_ROUTER_STATE_DIR, else the OS's per-user state folder (see core/stateDir.ts). $LLM_ROUTER_LEASE_MS
// shortens the owner lease (how soon the reservation of a killed process is charged), for tests.
import type { LoadedConfig } from '../core/config/model';
import type { Budget } from '../core/spend/budget';
import { openBudget } from '../core/spend/open';
import { resolveStateDir } from '../core/stateDir';
import type { CliIO } from './io';

export function cliBudget(stateDirFlag: string | undefined, config: LoadedConfig, io: CliIO): { budget: Budget; stateDir: string } {
  const stateDir = resolveStateDir({ flag: stateDirFlag, env: io.env, cwd: io.cwd });
  const leaseMs = Number(io.env.LLM_ROUTER_LEASE_MS) || undefined;
  return { stateDir, budget: openBudget(stateDir, config, { leaseMs, onWarning: (m) => io.err(`warning: ${m}\n`) }) };
}
