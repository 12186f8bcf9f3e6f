import { ModelCatalogue } from '../../core/catalogue/catalogue';
import { applyHealth } from '../../core/catalogue/refresh';
import { checkProviders } from '../../core/providers/health';
import { parse } from '../args';
import { json, table, type CliIO } from '../io';
import { loadCliConfig } from '../loadConfig';

const USAGE = 'llm-router providers [--config FILE] [--json]';

/**
 * Reachability, models and latency per provider; providers that are off are listed, never contacted. Then each
 * configured model a reachable provider does not serve, at its line: `FILE:LINE:COL: warning: …`.
 */
export async function providersCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(argv, { config: { type: 'string' }, json: { type: 'boolean' } }, USAGE);
  const config = loadCliConfig(values.config, io);
  const reports = await checkProviders(config, io.signal);
  if (io.signal.aborted) return 130;
  const problems = applyHealth(config, new ModelCatalogue(), reports);
  if (values.json) {
    io.out(json({ file: config.file, providers: reports, problems }));
    return 0;
  }
  const rows = [['provider', 'type', 'status', 'latency', 'models']];
  for (const r of reports) {
    const models = r.models ? `${r.models.length}: ${r.models.slice(0, 4).join(', ')}${r.models.length > 4 ? ', …' : ''}` : (r.error ?? '');
    rows.push([r.name, r.type, r.status === 'off' ? 'off (not contacted)' : r.status, r.latencyMs === undefined ? '-' : `${r.latencyMs} ms`, models]);
  }
  io.out(table(rows));
  for (const p of problems) io.out(`${config.file}:${p.line}:${p.col}: ${p.severity}: ${p.message}\n`);
  return 0;
}
