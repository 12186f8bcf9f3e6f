// `llm-router pull [MODEL] [--provider NAME]`: downloads an Ollama model, with a progress bar on a terminal and
// plain lines otherwise (a new status, or every 10%). Without MODEL: the coder model of the first Ollama provider.
import { describePull, pullModel, pullTarget, type PullState } from '../../core/catalogue/pull';
import { CancelledError } from '../../core/errors';
import { ProviderRegistry } from '../../core/providers/registry';
import { parse } from '../args';
import type { CliIO } from '../io';
import { loadCliConfig } from '../loadConfig';

const USAGE = 'llm-router pull [MODEL] [--provider NAME] [--config FILE]';
const BAR = 30;

export function progressBar(s: PullState): string {
  if (s.percent === undefined) return s.status;
  const filled = Math.round((s.percent / 100) * BAR);
  return `${s.status.padEnd(24)} ${String(s.percent).padStart(3)}% ▕${'█'.repeat(filled)}${' '.repeat(BAR - filled)}▏ ${describePull(s).split(' · ')[1]}`;
}

export async function pullCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(argv, { provider: { type: 'string' }, config: { type: 'string' } }, USAGE);
  const config = loadCliConfig(values.config, io);
  const target = pullTarget(config, { provider: values.provider, model: positionals[0] });
  io.err(`pulling ${target.model} into ${target.provider.name} (${target.provider.baseUrl})\n`);

  let lastStatus = '';
  let lastTenth = -1;
  const show = (s: PullState) => {
    if (io.isTTY) return io.err(`\r\x1b[2K${progressBar(s)}`);
    const tenth = s.percent === undefined ? -1 : Math.floor(s.percent / 10);
    if (s.status === lastStatus && tenth === lastTenth) return;
    lastStatus = s.status;
    lastTenth = tenth;
    io.err(s.percent === undefined ? `${s.status}\n` : `${s.status} ${describePull(s)}\n`);
  };
  try {
    const end = await pullModel(new ProviderRegistry(), target, io.signal, show);
    if (io.isTTY) io.err('\n');
    io.out(`pulled ${target.model} (${describePull(end)})\n`);
    return 0;
  } catch (err) {
    if (io.isTTY) io.err('\n');
    if (err instanceof CancelledError || io.signal.aborted) {
      io.err('cancelled\n');
      return 130;
    }
    io.err(`cannot pull ${target.model}: ${(err as Error).message}\n`);
    return 1;
  }
}
