// Dispatch and exit codes: 0 ok, 1 user error (one clear message), 2 internal error. Never a stack trace.
import { ConfigErrors, RouterError } from '../core/errors';
import { budgetCommand } from './commands/budget';
import { classifyCommand } from './commands/classify';
import { completeCommand } from './commands/complete';
import { configCommand } from './commands/config';
import { embedCommand } from './commands/embed';
import { evalCommand } from './commands/eval';
import { fimCommand } from './commands/fim';
import { providersCommand } from './commands/providers';
import { pullCommand } from './commands/pull';
import { routeCommand } from './commands/route';
import { rulesCommand } from './commands/rules';
import { scanCommand } from './commands/scan';
import { spendCommand } from './commands/spend';
import { redactingIO, type CliIO } from './io';

type Command = (argv: string[], io: CliIO) => Promise<number>;

export const COMMANDS: Record<string, Command> = {
  route: routeCommand,
  classify: classifyCommand,
  config: configCommand,
  rules: rulesCommand,
  'scan-secrets': scanCommand,
  complete: completeCommand,
  fim: fimCommand,
  providers: providersCommand,
  pull: pullCommand,
  embed: embedCommand,
  eval: evalCommand,
  spend: spendCommand,
  budget: budgetCommand,
};

const HELP = `llm-router: route AI requests to the cheapest model that can do them well.

commands:
  route      --task T [--complexity C] [--tokens N] [--fast] [--cheap] [--local-only] [--budget-exhausted] [--json]
  classify   --action A [--file PATH] [--lines START-END] [--prompt TEXT] [--json]
  config     check [FILE]
  rules      [--json]
  scan-secrets FILE|- [--policy route_local|redact|block] [--redacted] [--json]
  complete   [--task T] [--complexity C] [--action A --file F --lines S-E] [--state-dir DIR] [--max-tokens N] [--local-only] [--json] PROMPT
  fim        --file F --line L --col C [--state-dir DIR] [--json]
  providers  [--json]
  pull       [MODEL] [--provider NAME]
  embed      TEXT...
  eval       FILE.jsonl [--cv K] [--quality Q] [--json] [--output-tokens N]  |  eval --feedback [--state-dir DIR] [--days N] [--json]
  spend      [--days N] [--by provider|model|task|day] [--state-dir DIR] [--json]
  budget     [--state-dir DIR] [--json]
every command takes --config FILE (default: $LLM_ROUTER_CONFIG, else the shipped config).
`;

export async function run(argv: string[], given: CliIO): Promise<number> {
  const io = redactingIO(given);
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.out(HELP);
    return name ? 0 : 1;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`unknown command "${name}"\n\n${HELP}`);
    return 1;
  }
  try {
    return await command(rest, io);
  } catch (err) {
    if (err instanceof ConfigErrors || err instanceof RouterError) {
      io.err(`${err.message}\n`);
      return 1;
    }
    io.err(`internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    if (io.env.LLM_ROUTER_DEBUG) io.err(`${(err as Error)?.stack ?? ''}\n`);
    return 2;
  }
}
