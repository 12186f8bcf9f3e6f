import { ConfigErrors } from '../../core/errors';
import { parse } from '../args';
import { UsageError, type CliIO } from '../io';
import { loadCliConfig } from '../loadConfig';

const USAGE = 'llm-router config check [FILE]';

export async function configCommand(argv: string[], io: CliIO): Promise<number> {
  const { positionals } = parse(argv, {}, USAGE);
  const [sub, file, ...extra] = positionals;
  if (sub !== 'check' || extra.length) throw new UsageError(`usage: ${USAGE}`);
  try {
    const cfg = loadCliConfig(file, io);
    const providers = [...cfg.providers.values()];
    const off = providers.filter((p) => p.disabled);
    io.out(
      `${cfg.file}: OK — ${providers.length} providers (${providers.length - off.length} usable), ${cfg.rules.length} rules\n` +
        off.map((p) => `  ${p.name}: off (${p.disabled})\n`).join(''),
    );
    return 0;
  } catch (err) {
    if (!(err instanceof ConfigErrors)) throw err;
    io.err(err.message + '\n');
    return 1;
  }
}
