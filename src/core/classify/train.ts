// Fits the complexity model (model.ts) from labelled feature rows: a sequential (continuation-ratio) logistic
// regression, weights shared by both steps plus a correction per step, with L2 penalties, minimised by
// L-BFGS. Deterministic: same rows, same model. The two L2 strengths are picked by grouped cross-validation
// inside the training rows only, and the probabilities are calibrated (one scale) on those inner held-out
// predictions, so the outer cross-validation (`eval --cv`) never sees its test rows.
import type { ComplexityModel } from './model';

export interface Row {
  id: string;
  /** Feature name → value (extractFeatures). */
  x: Record<string, number>;
  /** 0 simple, 1 medium, 2 complex. */
  y: 0 | 1 | 2;
  /** Rows of one group (one snippet file) are never split between training and test. */
  group: string;
}

export interface TrainOptions {
  /** L2 strengths on the shared weights to choose from. */
  lambdas?: readonly number[];
  /** L2 strengths on the step corrections to choose from (large: both steps weigh alike). */
  stepLambdas?: readonly number[];
  /** Folds of the inner cross-validation that picks lambda and the calibration scale. */
  innerFolds?: number;
}

export const LAMBDAS = [0.3, 1, 3] as const;
export const STEP_LAMBDAS = [1, 3, 10] as const;

/**
 * Signals the development set never shows, with a weight set by hand rather than fitted: errors and warnings
 * the editor reports in the selection raise both steps by 0.8 per log-unit (a handful of them ≈ +1.6, about
 * what a bug to hunt in the code weighs in the fitted model).
 */
export const PRIORS: Readonly<Record<string, number>> = { 'editor.diagnostics': 0.8 };
const INNER_FOLDS = 5;

// ---------------------------------------------------------------------------------------------
// Folds.

/** FNV-1a: a stable pseudo-random order for groups. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * A fold per row, 0..k-1, keeping each group whole. Groups go, largest first (ties in a hashed order),
 * to the fold with the fewest rows so far: balanced and deterministic.
 */
export function groupedFolds(groups: readonly string[], k: number): number[] {
  const sizes = new Map<string, number>();
  for (const g of groups) sizes.set(g, (sizes.get(g) ?? 0) + 1);
  const order = [...sizes.keys()].sort((g, h) => sizes.get(h)! - sizes.get(g)! || hash(g) - hash(h) || (g < h ? -1 : 1));
  const load = new Array<number>(k).fill(0);
  const foldOf = new Map<string, number>();
  for (const g of order) {
    let best = 0;
    for (let f = 1; f < k; f++) if (load[f] < load[best]) best = f;
    foldOf.set(g, best);
    load[best] += sizes.get(g)!;
  }
  return groups.map((g) => foldOf.get(g)!);
}

// ---------------------------------------------------------------------------------------------
// The sequential model on a centred matrix.

interface Design {
  names: string[];
  mean: number[];
  /** Row-major, centred. */
  X: Float64Array[];
  y: Uint8Array;
}

/** The features that vary in these rows, sorted by name; centred. */
function designOf(rows: readonly Row[]): Design {
  const all = new Set<string>();
  for (const r of rows) for (const [k, v] of Object.entries(r.x)) if (v !== 0 && !(k in PRIORS)) all.add(k);
  const names: string[] = [];
  const mean: number[] = [];
  for (const name of [...all].sort()) {
    const vs = rows.map((r) => r.x[name] ?? 0);
    let m = 0;
    for (const v of vs) m += v / vs.length;
    const sd = Math.sqrt(vs.reduce((a, v) => a + (v - m) * (v - m), 0) / vs.length);
    if (sd < 1e-9) continue;
    // Centred, not scaled: every feature is built in natural units of about 0..4 (capped counts, logs,
    // flags), so one L2 penalty treats them alike, and a feature rare in training cannot blow up to
    // dozens of standard deviations on a new case.
    names.push(name);
    mean.push(m);
  }
  return { names, mean, X: rows.map((r) => centre(r.x, names, mean)), y: Uint8Array.from(rows.map((r) => r.y)) };
}

function centre(x: Readonly<Record<string, number>>, names: readonly string[], mean: readonly number[]): Float64Array {
  const out = new Float64Array(names.length);
  for (let j = 0; j < names.length; j++) out[j] = (x[names[j]] ?? 0) - mean[j];
  return out;
}

const logSigmoid = (z: number) => (z >= 0 ? -Math.log1p(Math.exp(-z)) : z - Math.log1p(Math.exp(z)));
const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/**
 * log P(y | margins a, b) and its derivatives by a and b: P(y ≥ medium) = σ(a), P(complex | y ≥ medium) = σ(b).
 */
function rowLikelihood(y: number, a: number, b: number): { ll: number; da: number; db: number } {
  if (y === 0) return { ll: logSigmoid(-a), da: -sigmoid(a), db: 0 };
  if (y === 1) return { ll: logSigmoid(a) + logSigmoid(-b), da: sigmoid(-a), db: -sigmoid(b) };
  return { ll: logSigmoid(a) + logSigmoid(b), da: sigmoid(-a), db: sigmoid(-b) };
}

/**
 * Negative log-likelihood + λ/2·|w|² + λₛ/2·(|u|² + |v|²), and its gradient, for params [w…, u…, v…, θ₁, θ₂]:
 * shared weights w, step corrections u (simple → medium) and v (medium → complex).
 */
function objective(d: Design, lambda: number, lambdaStep: number, params: Float64Array, grad: Float64Array): number {
  const m = d.names.length;
  grad.fill(0);
  let loss = 0;
  for (let i = 0; i < d.X.length; i++) {
    const xi = d.X[i];
    let sw = 0;
    let su = 0;
    let sv = 0;
    for (let j = 0; j < m; j++) {
      sw += params[j] * xi[j];
      su += params[m + j] * xi[j];
      sv += params[2 * m + j] * xi[j];
    }
    const r = rowLikelihood(d.y[i], sw + su - params[3 * m], sw + sv - params[3 * m + 1]);
    loss -= r.ll;
    for (let j = 0; j < m; j++) {
      grad[j] -= (r.da + r.db) * xi[j];
      grad[m + j] -= r.da * xi[j];
      grad[2 * m + j] -= r.db * xi[j];
    }
    grad[3 * m] += r.da;
    grad[3 * m + 1] += r.db;
  }
  for (let j = 0; j < m; j++) {
    loss += 0.5 * (lambda * params[j] ** 2 + lambdaStep * (params[m + j] ** 2 + params[2 * m + j] ** 2));
    grad[j] += lambda * params[j];
    grad[m + j] += lambdaStep * params[m + j];
    grad[2 * m + j] += lambdaStep * params[2 * m + j];
  }
  return loss;
}

/** L-BFGS with a backtracking (Armijo) line search. */
function minimize(f: (p: Float64Array, g: Float64Array) => number, start: Float64Array, maxIter = 1000, tol = 1e-9): Float64Array {
  const n = start.length;
  let x = Float64Array.from(start);
  let g = new Float64Array(n);
  let fx = f(x, g);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const dot = (a: Float64Array, b: Float64Array) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += a[i] * b[i];
    return s;
  };
  for (let iter = 0; iter < maxIter; iter++) {
    let gmax = 0;
    for (let i = 0; i < n; i++) gmax = Math.max(gmax, Math.abs(g[i]));
    if (gmax < tol) break;
    // Two-loop recursion: direction = −H·g.
    const q = Float64Array.from(g);
    const alpha: number[] = [];
    for (let k = S.length - 1; k >= 0; k--) {
      const a = dot(S[k], q) / dot(Y[k], S[k]);
      alpha[k] = a;
      for (let i = 0; i < n; i++) q[i] -= a * Y[k][i];
    }
    const gamma = S.length ? dot(S[S.length - 1], Y[Y.length - 1]) / dot(Y[Y.length - 1], Y[Y.length - 1]) : 1 / Math.max(1, Math.sqrt(dot(g, g)));
    for (let i = 0; i < n; i++) q[i] *= gamma;
    for (let k = 0; k < S.length; k++) {
      const b = dot(Y[k], q) / dot(Y[k], S[k]);
      for (let i = 0; i < n; i++) q[i] += S[k][i] * (alpha[k] - b);
    }
    const dir = q.map((v) => -v);
    let slope = dot(g, dir);
    if (slope >= 0) {
      // Not a descent direction: restart from steepest descent.
      S.length = 0;
      Y.length = 0;
      for (let i = 0; i < n; i++) dir[i] = -g[i] / Math.max(1, Math.sqrt(dot(g, g)));
      slope = dot(g, dir);
    }
    let step = 1;
    const next = new Float64Array(n);
    const gnext = new Float64Array(n);
    let fnext = Infinity;
    for (let tries = 0; tries < 60; tries++) {
      for (let i = 0; i < n; i++) next[i] = x[i] + step * dir[i];
      fnext = f(next, gnext);
      if (fnext <= fx + 1e-4 * step * slope) break;
      step /= 2;
    }
    if (!(fnext < fx)) break;
    const s = next.map((v, i) => v - x[i]);
    const yv = gnext.map((v, i) => v - g[i]);
    if (dot(s, yv) > 1e-12) {
      S.push(s);
      Y.push(yv);
      if (S.length > 10) {
        S.shift();
        Y.shift();
      }
    }
    const improvement = fx - fnext;
    x = Float64Array.from(next);
    g = Float64Array.from(gnext);
    fx = fnext;
    if (improvement < 1e-13 * Math.max(1, Math.abs(fx))) break;
  }
  return x;
}

interface Fitted {
  design: Design;
  weights: Float64Array;
  medium: Float64Array;
  complex: Float64Array;
  thresholds: [number, number];
}

const logit = (p: number) => Math.log(p / (1 - p));

function fit(rows: readonly Row[], lambda: number, lambdaStep: number): Fitted {
  const d = designOf(rows);
  const m = d.names.length;
  const n = rows.length;
  const atLeast1 = rows.filter((r) => r.y >= 1).length;
  const complex = rows.filter((r) => r.y >= 2).length;
  const start = new Float64Array(3 * m + 2);
  start[3 * m] = -logit((atLeast1 + 0.5) / (n + 1));
  start[3 * m + 1] = -logit((complex + 0.5) / (atLeast1 + 1));
  const p = minimize((params, grad) => objective(d, lambda, lambdaStep, params, grad), start);
  return { design: d, weights: p.slice(0, m), medium: p.slice(m, 2 * m), complex: p.slice(2 * m, 3 * m), thresholds: [p[3 * m], p[3 * m + 1]] };
}

/** The two margins (before calibration) of a row. */
function marginsWith(f: Fitted, x: Readonly<Record<string, number>>): [number, number] {
  const z = centre(x, f.design.names, f.design.mean);
  let a = -f.thresholds[0];
  let b = -f.thresholds[1];
  for (let j = 0; j < z.length; j++) {
    a += (f.weights[j] + f.medium[j]) * z[j];
    b += (f.weights[j] + f.complex[j]) * z[j];
  }
  return [a, b];
}

/** Held-out margins of every row, by grouped folds. */
function heldOutMargins(rows: readonly Row[], k: number, lambda: number, lambdaStep: number): [number, number][] {
  const folds = groupedFolds(rows.map((r) => r.group), k);
  const out: [number, number][] = new Array(rows.length);
  for (let f = 0; f < k; f++) {
    const train = rows.filter((_, i) => folds[i] !== f);
    if (!train.length || train.length === rows.length) continue;
    const model = fit(train, lambda, lambdaStep);
    rows.forEach((r, i) => {
      if (folds[i] === f) out[i] = marginsWith(model, r.x);
    });
  }
  return out;
}

const logLikelihood = (rows: readonly Row[], margins: readonly [number, number][], scale: number) =>
  rows.reduce((sum, r, i) => sum + (margins[i] ? rowLikelihood(r.y, scale * margins[i][0], scale * margins[i][1]).ll : 0), 0);

/** The scale in [0.05, 5] that makes held-out probabilities most likely (golden-section search on its log). */
function calibrate(rows: readonly Row[], margins: readonly [number, number][]): number {
  const phi = (Math.sqrt(5) - 1) / 2;
  let lo = Math.log(0.05);
  let hi = Math.log(5);
  const value = (t: number) => logLikelihood(rows, margins, Math.exp(t));
  let c = hi - phi * (hi - lo);
  let d = lo + phi * (hi - lo);
  let fc = value(c);
  let fd = value(d);
  for (let i = 0; i < 60; i++) {
    if (fc > fd) {
      hi = d;
      d = c;
      fd = fc;
      c = hi - phi * (hi - lo);
      fc = value(c);
    } else {
      lo = c;
      c = d;
      fc = fd;
      d = lo + phi * (hi - lo);
      fd = value(d);
    }
  }
  return Math.exp((lo + hi) / 2);
}

const round = (x: number, digits = 6) => Number(x.toFixed(digits));

/**
 * The model for these rows: the L2 strengths picked by inner grouped cross-validation (held-out
 * log-likelihood), weights fitted on all rows, probabilities calibrated on the inner held-out predictions.
 */
export function trainModel(rows: readonly Row[], data: { cases: number; sha256: string }, opts: TrainOptions = {}): ComplexityModel {
  const k = Math.min(opts.innerFolds ?? INNER_FOLDS, new Set(rows.map((r) => r.group)).size);
  let best = { lambda: 0, lambdaStep: 0, ll: -Infinity, margins: [] as [number, number][] };
  for (const lambda of opts.lambdas ?? LAMBDAS) {
    for (const lambdaStep of opts.stepLambdas ?? STEP_LAMBDAS) {
      const margins = heldOutMargins(rows, k, lambda, lambdaStep);
      const ll = logLikelihood(rows, margins, 1);
      if (ll > best.ll) best = { lambda, lambdaStep, ll, margins };
    }
  }
  const scale = calibrate(rows, best.margins);
  const f = fit(rows, best.lambda, best.lambdaStep);
  const r = (xs: Float64Array) => [...xs].map((v) => round(v));
  return {
    version: 2,
    features: f.design.names,
    mean: f.design.mean.map((v) => round(v)),
    weights: r(f.weights),
    medium: r(f.medium),
    complex: r(f.complex),
    thresholds: [round(f.thresholds[0]), round(f.thresholds[1])],
    scale: round(scale),
    lambda: best.lambda,
    lambdaStep: best.lambdaStep,
    priors: { ...PRIORS },
    data,
  };
}
