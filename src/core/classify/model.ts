// The fitted complexity model: a sequential (continuation-ratio) logistic regression over the named features
// of features.ts, with weights shared by both steps plus a correction for each step.
//   a = scale·(Σ (wᵢ + uᵢ)·(xᵢ − meanᵢ) − θ₁)   P(at least medium)          = σ(a)
//   b = scale·(Σ (wᵢ + vᵢ)·(xᵢ − meanᵢ) − θ₂)   P(complex | at least medium) = σ(b)
// so P(simple) = 1 − σ(a), P(medium) = σ(a)·(1 − σ(b)), P(complex) = σ(a)·σ(b). A signal can weigh
// differently at the two steps (size raises simple → medium more than medium → complex; a concurrency
// requirement the reverse), while the shared part lets both steps learn from every case.
// The weights are fitted by `npm run train:classifier` (train.ts) and committed as model.json, which only
// this module imports (so the JSON loads with the classifier, on first use).
import FITTED from './model.json';
import type { Probabilities } from './quality';

export interface ComplexityModel {
  version: 2;
  features: string[];
  mean: number[];
  /** Shared weights: how much each feature raises the level at both steps. */
  weights: number[];
  /** Step corrections: added to the shared weight at simple → medium, and at medium → complex. */
  medium: number[];
  complex: number[];
  /** θ₁, θ₂: the cut points of the two steps. */
  thresholds: [number, number];
  /** Calibration (fitted on held-out predictions): both margins are multiplied by it. */
  scale: number;
  /** The L2 strengths the training picked: on the shared weights, and on the step corrections. */
  lambda: number;
  lambdaStep: number;
  /** Weights set by hand for signals the training data never shows (added to both margins as they are). */
  priors: Record<string, number>;
  /** What it was trained on. */
  data: { cases: number; sha256: string };
}

export const MODEL = FITTED as unknown as ComplexityModel;

export interface Contribution {
  name: string;
  /** Push on the first step (towards at least medium), calibrated; positive: harder. */
  points: number;
  /** Push on the second step (towards complex). */
  complexPoints: number;
}

export interface Scored {
  probabilities: Probabilities;
  /** Per feature present. */
  contributions: Contribution[];
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

export function scoreOf(model: ComplexityModel, x: Readonly<Record<string, number>>): Scored {
  let a = -model.thresholds[0];
  let b = -model.thresholds[1];
  const k = model.scale;
  const contributions: Contribution[] = [];
  const f = model.features;
  for (let i = 0; i < f.length; i++) {
    const v = x[f[i]] ?? 0;
    const z = v - model.mean[i];
    const up = (model.weights[i] + model.medium[i]) * z;
    const top = (model.weights[i] + model.complex[i]) * z;
    a += up;
    b += top;
    if (v !== 0) contributions.push({ name: f[i], points: up * k, complexPoints: top * k });
  }
  for (const [name, w] of Object.entries(model.priors)) {
    const v = x[name];
    if (!v) continue;
    a += w * v;
    b += w * v;
    contributions.push({ name, points: w * v * k, complexPoints: w * v * k });
  }
  return { probabilities: probabilitiesOf(k * a, k * b), contributions };
}

/** The three levels' probabilities from the two calibrated margins. */
export function probabilitiesOf(a: number, b: number): Probabilities {
  const atLeastMedium = sigmoid(a);
  const complex = atLeastMedium * sigmoid(b);
  return { simple: 1 - atLeastMedium, medium: atLeastMedium - complex, complex };
}
