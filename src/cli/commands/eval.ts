// `llm-router eval FILE.jsonl [--json] [--config FILE]`: the classifier and the routing it leads to,
// measured over a labelled set. Paths in the set are relative to the set's folder. Routing is
// evaluated as if every API key were set, so the figures describe the rules, not this machine.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { loadConfigFile } from '../../core/config/load';
import type { LoadedConfig } from '../../core/config/model';
import { classifyInputOf, evaluate, EvalSetError, parseEvalSet, type CaseResult, type EvalReport, type LabelledInput } from '../../core/eval';
import { createDecider } from '../../core/rules';
import { classify } from '../../core/classify';
import { QUALITY_MAX, QUALITY_MIN } from '../../core/classify/quality';
import { crossValidate, groupOf } from '../../core/evalCv';
import { cvJson, formatCv } from './evalCvReport';
import { confusionTable, mark, pct, TARGETS } from './evalFormat';
import { intFlag, parse } from '../args';
import { json, table, UsageError, type CliIO } from '../io';
import { configPathFor, loadCliConfig } from '../loadConfig';
import { feedbackReport } from '../../core/feedback';
import { Ledger } from '../../core/spend/ledger';
import { addDays } from '../../core/spend/day';
import { resolveStateDir } from '../../core/stateDir';

const USAGE =
  'llm-router eval FILE.jsonl [--cv K] [--quality Q] [--json] [--config FILE] [--output-tokens N]\n       llm-router eval --feedback [--state-dir DIR] [--days N] [--config FILE] [--json]';


/** A placeholder for every key variable the config names: "as if every API key were set". */
const ASSUMED_KEY = 'assumed-for-eval';

export function loadConfigAllKeyed(flag: string | undefined, io: CliIO): { config: LoadedConfig; label: string } {
  const { path, label } = configPathFor(flag, io);
  const env = (name: string) => io.env[name];
  const first = loadConfigFile(path, { label, env });
  const keyVars = new Set([...first.providers.values()].flatMap((p) => p.keyVars));
  const config = loadConfigFile(path, { label, env: (name) => env(name) || (keyVars.has(name) ? ASSUMED_KEY : undefined) });
  return { config, label };
}

export function readEvalSet(file: string, io: CliIO): LabelledInput[] {
  const path = resolve(io.cwd, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let cases;
  try {
    cases = parseEvalSet(text, file);
  } catch (err) {
    if (err instanceof EvalSetError) throw new UsageError(err.message);
    throw err;
  }
  if (!cases.length) throw new UsageError(`${file}: no cases`);
  const dir = dirname(path);
  const files = new Map<string, string>();
  return cases.map((c) => {
    let fileText: string | undefined;
    if (c.file) {
      fileText = files.get(c.file);
      if (fileText === undefined) {
        try {
          fileText = readFileSync(resolve(dir, c.file), 'utf8');
        } catch (err) {
          throw new UsageError(`${c.id}: cannot read ${c.file} (relative to ${dir}): ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
        }
        files.set(c.file, fileText);
      }
    }
    return { case: c, input: classifyInputOf(c, fileText) };
  });
}

export async function evalCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      json: { type: 'boolean' },
      config: { type: 'string' },
      'output-tokens': { type: 'string' },
      feedback: { type: 'boolean' },
      'state-dir': { type: 'string' },
      days: { type: 'string' },
      cv: { type: 'string' },
      quality: { type: 'string' },
    },
    USAGE,
  );
  if (values.feedback) return feedbackCommand(values, positionals, io);
  if (positionals.length !== 1) throw new UsageError(`expected one labelled set (a .jsonl file)\nusage: ${USAGE}`);
  const items = readEvalSet(positionals[0], io);
  const { config, label } = loadConfigAllKeyed(values.config, io);
  const quality = intFlag(values.quality, 'quality', QUALITY_MIN) ?? config.raw.routing.quality;
  if (quality > QUALITY_MAX) throw new UsageError(`--quality expects ${QUALITY_MIN}..${QUALITY_MAX}, got ${quality}`);
  const outputTokens = intFlag(values['output-tokens'], 'output-tokens', 1);
  const folds = intFlag(values.cv, 'cv', 2);
  if (folds !== undefined) {
    const groups = new Set(items.map((i) => groupOf(i.case))).size;
    if (folds > groups) throw new UsageError(`--cv ${folds}: the set has only ${groups} groups of cases (one per snippet file)`);
    const cv = crossValidate(items, createDecider(config), { folds, quality, outputTokens });
    io.out(values.json ? json({ set: positionals[0], config: label, ...cvJson(cv) }) : formatCv(cv, positionals[0], label));
    return 0;
  }
  const report = evaluate(items, createDecider(config), { outputTokens, classifier: (input) => classify(input, { quality }) });
  if (values.json) {
    io.out(json({ set: positionals[0], config: label, ...report, results: report.results.map(({ latencyUs: _l, ...r }) => r), misses: report.misses.map(brief), complexOffPremium: report.complexOffPremium.map(brief), simpleOnPremium: report.simpleOnPremium.map(brief) }));
  } else {
    io.out(formatReport(report, positionals[0], label));
  }
  return 0;
}

const brief = (r: CaseResult) => ({ id: r.id, action: r.action, expected: r.expected, predicted: r.predicted, target: r.target, rule: r.rule, reason: r.reason });


export function formatReport(r: EvalReport, set: string, configLabel: string): string {
  const count = (pred: (c: CaseResult) => boolean) => r.results.filter(pred).length;
  const complex = count((c) => c.expected.complexity === 'complex');
  const simple = count((c) => c.expected.complexity === 'simple');
  const lines: string[] = [];
  lines.push(`eval: ${r.cases} cases from ${set}; config ${configLabel}`);
  lines.push('');
  lines.push(
    table([
      ['task type accuracy', pct(r.taskTypeAccuracy), `(${count((c) => c.predicted.taskType === c.expected.taskType)}/${r.cases})`, mark(r.taskTypeAccuracy, TARGETS.taskTypeAccuracy)],
      ['complexity accuracy', pct(r.complexityAccuracy), `(${count((c) => c.predicted.complexity === c.expected.complexity)}/${r.cases})`, mark(r.complexityAccuracy, TARGETS.complexityAccuracy)],
    ]).trimEnd(),
  );
  lines.push('');
  lines.push(`routing, as if every API key were set (premium = the \`premium\` tier: ${r.routing.premiumProviders.join(', ') || 'none'}):`);
  lines.push(
    table([
      ['premium share', pct(r.premiumShare), `(${count((c) => c.premium)}/${r.cases})`, ''],
      ['complex cases to premium', pct(r.complexToPremiumRecall), `(${count((c) => c.expected.complexity === 'complex' && c.premium)}/${complex})`, mark(r.complexToPremiumRecall, TARGETS.complexToPremiumRecall)],
      ['simple cases kept off premium', pct(r.simpleOffPremiumShare), `(${count((c) => c.expected.complexity === 'simple' && !c.premium)}/${simple})`, mark(r.simpleOffPremiumShare, TARGETS.simpleOffPremiumShare)],
      ['cost vs all-premium', pct(r.costVsAllPremium), `($${r.routedCostUsd.toFixed(4)} vs $${r.allPremiumCostUsd.toFixed(4)})`, ''],
    ]).trimEnd(),
  );
  lines.push(
    `  (worst-case estimates: each request's context plus ${r.routing.outputTokens} output tokens; all-premium = every request to ${r.routing.allPremiumTarget})`,
  );
  const o = r.withExpectedLabels;
  lines.push(
    `  with the expected labels (a perfect classifier) the rules give: complex to premium ${pct(o.complexToPremiumRecall)}, simple off premium ${pct(o.simpleOffPremiumShare)}, cost ${pct(o.costVsAllPremium)}`,
  );
  if (r.complexOffPremium.length) lines.push(`  complex cases off premium: ${r.complexOffPremium.map((c) => `${c.id} (${c.predicted.complexity} ${c.predicted.taskType} → ${c.target}, rule ${c.rule})`).join('; ')}`);
  if (r.simpleOnPremium.length) lines.push(`  simple cases on premium: ${r.simpleOnPremium.map((c) => `${c.id} (${c.predicted.complexity} ${c.predicted.taskType} → ${c.target}, rule ${c.rule})`).join('; ')}`);
  lines.push('');
  lines.push('task type confusion (rows: expected, columns: predicted)');
  lines.push(confusionTable(r.confusion.taskType));
  lines.push('complexity confusion (rows: expected, columns: predicted)');
  lines.push(confusionTable(r.confusion.complexity));
  if (r.misses.length) {
    lines.push(`misses (${r.misses.length}):`);
    for (const m of r.misses) {
      lines.push(`  ${m.id}  ${m.action}: expected ${m.expected.complexity} ${m.expected.taskType}, got ${m.predicted.complexity} ${m.predicted.taskType}; ${m.reason}`);
    }
  }
  return lines.join('\n') + '\n';
}


/** `eval --feedback`: the rules users escalate most, with suggested changes (never applied). */
function feedbackCommand(values: { json?: boolean; config?: string; 'state-dir'?: string; days?: string }, positionals: string[], io: CliIO): number {
  if (positionals.length) throw new UsageError(`--feedback reads the ledger, not a labelled set\nusage: ${USAGE}`);
  const days = intFlag(values.days, 'days', 1) ?? 30;
  const config = loadCliConfig(values.config, io);
  const ledger = new Ledger({ stateDir: resolveStateDir({ flag: values['state-dir'], env: io.env, cwd: io.cwd }), onWarning: (m) => io.err(`llm-router: ${m}\n`) });
  try {
    const today = ledger.day();
    const report = feedbackReport(ledger.history(addDays(today, -(days - 1)), today), config);
    if (values.json) {
      io.out(json(report));
      return 0;
    }
    if (!report.rules.length) {
      io.out(`no escalations in the last ${days} days (feedback comes from "Retry with a stronger model" and undoing an applied answer)\n`);
      return 0;
    }
    io.out(`escalations over the last ${days} days: ${report.totalEscalations}\n\n`);
    io.out(
      table([
        ['rule', 'line', 'escalated', 'of', 'rate', 'mostly to'],
        ...report.rules.map((r) => [r.ruleId, r.line ? String(r.line) : '', String(r.escalations), String(r.requests), pct(r.rate), r.escalatedTo[0]?.[0] ?? '']),
      ]),
    );
    const suggestions = report.rules.filter((r) => r.suggestion);
    io.out(suggestions.length ? `\nsuggested rule changes (not applied):\n${suggestions.map((r) => `  - ${r.suggestion}\n`).join('')}` : '\nno rule is escalated often enough to suggest a change\n');
    return 0;
  } finally {
    ledger.dispose();
  }
}
