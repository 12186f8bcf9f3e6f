// `llm-router spend`: what the ledger says was spent, over the last N local days, grouped.
import { cacheSavings } from '../../core/cache/savings';
import { addDays } from '../../core/spend/day';
import { Ledger } from '../../core/spend/ledger';
import { usd } from '../../core/spend/limits';
import { GROUP_BY, groupSpend, type GroupedRow } from '../../core/spend/summary';
import { resolveStateDir } from '../../core/stateDir';
import { intFlag, oneOf, parse } from '../args';
import { json, table, type CliIO } from '../io';
import { skipped } from './budget';

const USAGE = 'llm-router spend [--days N] [--by provider|model|task|day] [--state-dir DIR] [--json]';

export async function spendCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(
    argv,
    {
      days: { type: 'string' },
      by: { type: 'string' },
      'state-dir': { type: 'string' },
      json: { type: 'boolean' },
    },
    USAGE,
  );
  const days = intFlag(values.days, 'days', 1) ?? 7;
  const by = oneOf(values.by, GROUP_BY, 'by') ?? 'provider';
  const stateDir = resolveStateDir({ flag: values['state-dir'], env: io.env, cwd: io.cwd });
  const ledger = new Ledger({ stateDir, onWarning: (m) => io.err(`warning: ${m}\n`) });
  try {
    const to = ledger.day();
    const from = addDays(to, -(days - 1));
    const history = ledger.history(from, to);
    const rows = groupSpend(history, by);
    const total = totalOf(rows);
    const feedback = history.flatMap((d) => d.feedback).reduce((n, f) => n + f.count, 0);
    const saved = cacheSavings(history);
    const skippedLines = history.reduce((n, d) => n + d.skippedLines, 0);
    if (values.json) {
      io.out(json({ from, to, days, by, stateDir, rows, total, feedback, cacheSavings: saved, skippedLines }));
      return 0;
    }
    io.out(`spend ${from} … ${to} (${days} local day${days === 1 ? '' : 's'}) by ${by}, from ${stateDir}${skippedLines ? ` (${skipped(skippedLines)}; see the warnings)` : ''}\n\n`);
    if (!rows.length) {
      io.out('nothing recorded\n');
      return 0;
    }
    const line = (r: GroupedRow) => [
      r.key,
      String(r.requests),
      usd(r.costUsd),
      String(r.inputTokens),
      String(r.outputTokens),
      String(r.cacheReadTokens + r.cacheWriteTokens),
      r.estimated ? String(r.estimated) : '',
    ];
    io.out(table([[by, 'requests', 'cost', 'input', 'output', 'cache', 'estimated'], ...rows.map(line), line(total)]));
    if (saved.cacheReadTokens) io.out(`\nprompt cache: ${saved.cacheReadTokens} tokens read from the provider's cache, ${usd(saved.savedUsd)} saved vs. the full input price\n`);
    if (feedback) io.out(`\n${feedback} "retry with a stronger model" signal${feedback === 1 ? '' : 's'}\n`);
    return 0;
  } finally {
    ledger.dispose();
  }
}

function totalOf(rows: readonly GroupedRow[]): GroupedRow {
  const t: GroupedRow = { key: 'total', requests: 0, costUsd: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, estimated: 0 };
  let nano = 0;
  for (const r of rows) {
    t.requests += r.requests;
    nano += Math.round(r.costUsd * 1e9);
    t.inputTokens += r.inputTokens;
    t.outputTokens += r.outputTokens;
    t.cacheReadTokens += r.cacheReadTokens;
    t.cacheWriteTokens += r.cacheWriteTokens;
    t.estimated += r.estimated;
  }
  t.costUsd = nano / 1e9;
  return t;
}
