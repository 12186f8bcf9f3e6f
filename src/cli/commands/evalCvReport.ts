// The report of `llm-router eval FILE --cv K`: training-set and cross-validated figures side by side, the
// quality dial's curve, the cross-validated confusion matrix and misses. Deterministic text (the README
// shows it through `npm run figures`).
import { thresholdFor } from '../../core/classify/quality';
import type { CurvePoint, CvReport } from '../../core/evalCv';
import type { CaseResult, EvalReport } from '../../core/eval';
import { table } from '../io';
import { confusionTable, mark, pct, TARGETS } from './evalFormat';

const brief = (r: CaseResult) => ({ id: r.id, action: r.action, expected: r.expected, predicted: r.predicted, target: r.target, rule: r.rule });

export function cvJson(cv: CvReport) {
  const figures = (r: EvalReport) => ({
    cases: r.cases,
    taskTypeAccuracy: r.taskTypeAccuracy,
    complexityAccuracy: r.complexityAccuracy,
    premiumShare: r.premiumShare,
    complexToPremiumRecall: r.complexToPremiumRecall,
    simpleOffPremiumShare: r.simpleOffPremiumShare,
    costVsAllPremium: r.costVsAllPremium,
    confusion: r.confusion,
    withExpectedLabels: r.withExpectedLabels,
    misses: r.misses.map(brief),
  });
  return { folds: cv.folds, quality: cv.quality, foldOf: cv.foldOf, train: figures(cv.train), cv: figures(cv.cv), curve: cv.curve, trainCurve: cv.trainCurve };
}

export function formatCv(cv: CvReport, set: string, configLabel: string): string {
  const { train: t, cv: c } = cv;
  const count = (r: EvalReport, pred: (x: CaseResult) => boolean) => r.results.filter(pred).length;
  const sizes = Array.from({ length: cv.folds }, (_, f) => cv.foldOf.filter((x) => x === f).length);
  const both = (name: string, key: keyof typeof TARGETS | 'premiumShare' | 'costVsAllPremium', of: (r: EvalReport) => string) => {
    const goal = key in TARGETS ? mark(c[key], TARGETS[key as keyof typeof TARGETS]) : '';
    return [name, `${pct(t[key])} ${of(t)}`, `${pct(c[key])} ${of(c)}`, goal];
  };
  const complex = (r: EvalReport) => count(r, (x) => x.expected.complexity === 'complex');
  const simple = (r: EvalReport) => count(r, (x) => x.expected.complexity === 'simple');
  const lines: string[] = [];
  lines.push(`eval --cv ${cv.folds}: ${c.cases} cases from ${set}; config ${configLabel}`);
  lines.push(`folds grouped by snippet file (a case without one is its own group): ${sizes.join(', ')} cases`);
  lines.push(`quality ${cv.quality}: a request goes up a level when it needs it with probability ≥ ${thresholdFor(cv.quality).toFixed(2)}`);
  lines.push('');
  lines.push(
    table([
      ['', 'training set', 'cross-validated', 'goal'],
      both('task type accuracy', 'taskTypeAccuracy', (r) => `(${count(r, (x) => x.predicted.taskType === x.expected.taskType)}/${r.cases})`),
      both('complexity accuracy', 'complexityAccuracy', (r) => `(${count(r, (x) => x.predicted.complexity === x.expected.complexity)}/${r.cases})`),
      both('complex cases to premium', 'complexToPremiumRecall', (r) => `(${count(r, (x) => x.expected.complexity === 'complex' && x.premium)}/${complex(r)})`),
      both('simple cases kept off premium', 'simpleOffPremiumShare', (r) => `(${count(r, (x) => x.expected.complexity === 'simple' && !x.premium)}/${simple(r)})`),
      both('premium share', 'premiumShare', (r) => `(${count(r, (x) => x.premium)}/${r.cases})`),
      both('cost vs all-premium', 'costVsAllPremium', () => ''),
    ]).trimEnd(),
  );
  const o = c.withExpectedLabels;
  lines.push(`  routing as if every API key were set; premium = the \`premium\` tier (${c.routing.premiumProviders.join(', ') || 'none'})`);
  lines.push(`  with the expected labels the rules allow at most: complex to premium ${pct(o.complexToPremiumRecall)}, simple off premium ${pct(o.simpleOffPremiumShare)} (cost ${pct(o.costVsAllPremium)})`);
  lines.push('');
  lines.push('the quality dial, cross-validated (training set in brackets):');
  const row = (p: CurvePoint, q: CurvePoint) => [
    `${p.quality}${p.quality === cv.quality ? ' *' : ''}`,
    thresholdFor(p.quality).toFixed(2),
    `${pct(p.premiumShare)} (${pct(q.premiumShare)})`,
    `${pct(p.costVsAllPremium)} (${pct(q.costVsAllPremium)})`,
    `${pct(p.complexToPremiumRecall)} (${pct(q.complexToPremiumRecall)})`,
    `${pct(p.simpleOffPremiumShare)} (${pct(q.simpleOffPremiumShare)})`,
    `${pct(p.complexityAccuracy)} (${pct(q.complexityAccuracy)})`,
  ];
  lines.push(
    table([
      ['quality', 'needs p ≥', 'premium share', 'cost vs all-premium', 'complex → premium', 'simple off premium', 'complexity accuracy'],
      ...cv.curve.map((p, i) => row(p, cv.trainCurve[i])),
    ]).trimEnd(),
  );
  lines.push('');
  lines.push('cross-validated complexity confusion (rows: expected, columns: predicted)');
  lines.push(confusionTable(c.confusion.complexity).trimEnd());
  if (c.misses.length) {
    lines.push('');
    lines.push(`cross-validated misses (${c.misses.length}):`);
    for (const m of c.misses) lines.push(`  ${m.id}  ${m.action}: expected ${m.expected.complexity} ${m.expected.taskType}, got ${m.predicted.complexity} ${m.predicted.taskType}; ${m.reason}`);
  }
  return lines.join('\n') + '\n';
}
