// Honest estimates for the fitted classifier: K-fold cross-validation with folds grouped by snippet file
// (the same code is never in training and test), the training-set figures beside it so the gap shows, and
// the quality dial's curve. Also what the training script fits the shipped model with. Pure.
import { createHash } from 'node:crypto';
import { classifyExtracted } from './classify';
import { extractFeatures, type Extracted } from './classify/features';
import type { ComplexityModel } from './classify/model';
import { QUALITY_MAX, QUALITY_MIN } from './classify/quality';
import { groupedFolds, trainModel, type Row } from './classify/train';
import { evaluate, type EvalCase, type EvalReport, type LabelledInput, type RoutingFigures } from './eval';
import type { Decider } from './rules';
import { COMPLEXITIES, type Classification } from './types';

/** The fold group of a case: its snippet file; a case without one is its own group. */
export function groupOf(c: EvalCase): string {
  return c.file ? `file:${c.file}` : `case:${c.id}`;
}

interface Prepared {
  items: readonly LabelledInput[];
  extracted: Extracted[];
  /** Rows the model learns from: every case whose complexity no labelling rule fixes outright. */
  rows: Row[];
  /** The case of each row. */
  itemOf: number[];
}

function prepare(items: readonly LabelledInput[]): Prepared {
  const extracted = items.map((i) => extractFeatures(i.input));
  const rows: Row[] = [];
  const itemOf: number[] = [];
  extracted.forEach((e, i) => {
    if (e.forced) return;
    const c = items[i].case;
    rows.push({ id: c.id, x: e.x, y: COMPLEXITIES.indexOf(c.expected.complexity) as 0 | 1 | 2, group: groupOf(c) });
    itemOf.push(i);
  });
  return { items, extracted, rows, itemOf };
}

/** A digest of what a model was trained on: the cases and the texts they classify. */
export function digestOf(items: readonly LabelledInput[]): string {
  const h = createHash('sha256');
  for (const { case: c, input } of items) h.update(JSON.stringify([c.id, c.action, c.expected, input.prompt ?? null, input.text ?? null, input.language ?? null]));
  return h.digest('hex');
}

/** The model `npm run train:classifier` commits: fitted on every case of the set. */
export function trainOn(items: readonly LabelledInput[]): ComplexityModel {
  return trainModel(prepare(items).rows, { cases: items.length, sha256: digestOf(items) });
}

export interface CurvePoint extends RoutingFigures {
  quality: number;
  complexityAccuracy: number;
}

export interface CvReport {
  folds: number;
  /** Fold of each case, in input order. */
  foldOf: number[];
  /** A model trained on every case, scored on the same cases. */
  train: EvalReport;
  /** Each case scored by a model that never saw its fold. */
  cv: EvalReport;
  quality: number;
  /** The cross-validated figures at every setting of the quality dial. */
  curve: CurvePoint[];
  trainCurve: CurvePoint[];
}

export interface CvOptions {
  folds: number;
  /** The dial setting the main figures use. */
  quality: number;
  outputTokens?: number;
}

/** Cross-validation with folds grouped by file; the training-set figures and the dial curve beside it. */
export function crossValidate(items: readonly LabelledInput[], decide: Decider, opts: CvOptions): CvReport {
  const k = opts.folds;
  const prep = prepare(items);
  const foldOf = groupedFolds(items.map((i) => groupOf(i.case)), k);
  const cvModels: ComplexityModel[] = [];
  for (let f = 0; f < k; f++) {
    const train = prep.rows.filter((_, r) => foldOf[prep.itemOf[r]] !== f);
    cvModels.push(trainModel(train, { cases: train.length, sha256: '' }));
  }
  const full = trainModel(prep.rows, { cases: items.length, sha256: digestOf(items) });
  const cvClass = (q: number) => classificationsBy(prep, (i) => cvModels[foldOf[i]], q);
  const trainClass = (q: number) => classificationsBy(prep, () => full, q);
  const run = (byInput: Map<unknown, Classification>) =>
    evaluate(items, decide, { outputTokens: opts.outputTokens, classifier: (input) => byInput.get(input)! });
  const curveOf = (classOf: (q: number) => Map<unknown, Classification>): CurvePoint[] => {
    const points: CurvePoint[] = [];
    for (let q = QUALITY_MIN; q <= QUALITY_MAX; q++) {
      const r = run(classOf(q));
      points.push({
        quality: q,
        premiumShare: r.premiumShare,
        costVsAllPremium: r.costVsAllPremium,
        complexToPremiumRecall: r.complexToPremiumRecall,
        simpleOffPremiumShare: r.simpleOffPremiumShare,
        routedCostUsd: r.routedCostUsd,
        allPremiumCostUsd: r.allPremiumCostUsd,
        complexityAccuracy: r.complexityAccuracy,
      });
    }
    return points;
  };
  return {
    folds: k,
    foldOf,
    train: run(trainClass(opts.quality)),
    cv: run(cvClass(opts.quality)),
    quality: opts.quality,
    curve: curveOf(cvClass),
    trainCurve: curveOf(trainClass),
  };
}

/** Each case's classification by the model `modelOf` picks for it, at a dial setting; keyed by input. */
function classificationsBy(prep: Prepared, modelOf: (i: number) => ComplexityModel, quality: number): Map<unknown, Classification> {
  const out = new Map<unknown, Classification>();
  prep.items.forEach((item, i) => {
    out.set(item.input, classifyExtracted(item.input.action, prep.extracted[i], { model: modelOf(i), quality }));
  });
  return out;
}
