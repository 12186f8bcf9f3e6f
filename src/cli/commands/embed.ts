import { CancelledError } from '../../core/errors';
import { Router } from '../../core/router';
import { parse } from '../args';
import { json, UsageError, type CliIO } from '../io';
import { loadCliConfig } from '../loadConfig';
import { attemptLine } from './complete';

const USAGE = 'llm-router embed [--config FILE] TEXT...';

/** Embeddings on local providers (never paid), printed as JSON: one vector per TEXT. */
export async function embedCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(argv, { config: { type: 'string' } }, USAGE);
  if (!positionals.length) throw new UsageError(`at least one TEXT is required\nusage: ${USAGE}`);
  const router = new Router({ config: loadCliConfig(values.config, io) });
  try {
    const r = await router.embed(positionals, io.signal);
    for (const a of r.attempts) io.err(attemptLine(a) + '\n');
    io.out(json({ provider: r.provider, model: r.model, dimensions: r.vectors[0]?.length ?? 0, vectors: r.vectors }));
    return 0;
  } catch (err) {
    if (err instanceof CancelledError) return 130;
    throw err;
  }
}
