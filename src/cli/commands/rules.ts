import { describeProviders, describeRules } from '../../core/rulesView';
import { parse } from '../args';
import { json, table, type CliIO } from '../io';
import { loadCliConfig } from '../loadConfig';

const USAGE = 'llm-router rules [--config FILE] [--json]';

export async function rulesCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(argv, { config: { type: 'string' }, json: { type: 'boolean' } }, USAGE);
  const cfg = loadCliConfig(values.config, io);
  const rules = describeRules(cfg);
  const providers = describeProviders(cfg);
  if (values.json) {
    io.out(json({ file: cfg.file, rules, providers }));
    return 0;
  }
  const rows = [['#', 'id', 'line', 'when', 'chain', 'reason']];
  for (const r of rules) {
    const chain = r.chain.map((c) => (c.disabled ? `(${c.target})` : c.target)).join(' → ');
    rows.push([String(r.index + 1), r.id, String(r.line || ''), r.when, chain, r.reason]);
  }
  const off = providers.filter((p) => p.disabled).map((p) => `  (${p.name}) off: ${p.disabled}\n`);
  io.out(table(rows) + (off.length ? `\nproviders in parentheses are off:\n${off.join('')}` : ''));
  return 0;
}
