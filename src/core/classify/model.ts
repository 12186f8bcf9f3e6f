// The fitted complexity model: an ordinal logistic regression over the named features of features.ts.
// score = Σ wᵢ·(xᵢ − meanᵢ)/stdᵢ; P(at least medium) = σ(scale·(score − θ₁)), P(complex) = σ(scale·(score − θ₂)).
// The weights are fitted by `npm run train:classifier` (train.ts) and committed as model.json, which only
// this module imports (so the JSON loads with the classifier, on first use).
import FITTED from './model.json';
import type { Probabilities } from './quality';

export interface ComplexityModel {
  version: 1;
  features: string[];
  mean: number[];
  std: number[];
  weights: number[];
  /** θ₁ < θ₂: the score cut points between simple|medium and medium|complex. */
  thresholds: [number, number];
  /** Calibration (fitted on held-out predictions): the scores are multiplied by it. */
  scale: number;
  /** The L2 strength the training picked. */
  lambda: number;
  /** Weights set by hand for signals the training data never shows (added to the score as they are). */
  priors: Record<string, number>;
  /** What it was trained on. */
  data: { cases: number; sha256: string };
}

export const MODEL = FITTED as unknown as ComplexityModel;

export interface Scored {
  score: number;
  probabilities: Probabilities;
  /** Per feature present: its push on the score (positive: harder). */
  contributions: { name: string; points: number }[];
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

export function scoreOf(model: ComplexityModel, x: Readonly<Record<string, number>>): Scored {
  let score = 0;
  const contributions: { name: string; points: number }[] = [];
  const f = model.features;
  for (let i = 0; i < f.length; i++) {
    const v = x[f[i]] ?? 0;
    const points = (model.weights[i] * (v - model.mean[i])) / model.std[i];
    score += points;
    if (v !== 0) contributions.push({ name: f[i], points: points * model.scale });
  }
  for (const [name, w] of Object.entries(model.priors)) {
    const v = x[name];
    if (!v) continue;
    score += w * v;
    contributions.push({ name, points: w * v * model.scale });
  }
  return { score, probabilities: probabilitiesOf(model, score), contributions };
}

export function probabilitiesOf(model: ComplexityModel, score: number): Probabilities {
  const atLeastMedium = sigmoid(model.scale * (score - model.thresholds[0]));
  const complex = sigmoid(model.scale * (score - model.thresholds[1]));
  return { simple: 1 - atLeastMedium, medium: Math.max(0, atLeastMedium - complex), complex };
}
