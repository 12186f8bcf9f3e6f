// `npm run train:classifier [SET.jsonl]`: fits the complexity model on the labelled development set
// (default ../shared/eval/requests.jsonl) and writes src/core/classify/model.json. Deterministic: the same
// set and the same feature code give the same file. Commit the result; a unit test checks it is current.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readEvalSet } from '../src/cli/commands/eval';
import type { CliIO } from '../src/cli/io';
import { trainOn } from '../src/core/evalCv';

export const MODEL_PATH = join(__dirname, '..', 'src', 'core', 'classify', 'model.json');
export const DEV_SET = join(__dirname, '..', '..', 'shared', 'eval', 'requests.jsonl');

/** The model file's text: one key per line, arrays on one line, so a retrain diffs readably. */
export function modelText(model: object): string {
  const lines = Object.entries(model).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  return `{\n${lines.join(',\n')}\n}\n`;
}

function main() {
  const set = resolve(process.argv[2] ?? DEV_SET);
  const io: CliIO = { out: () => {}, err: (t) => process.stderr.write(t), signal: new AbortController().signal, env: process.env, cwd: process.cwd() };
  const items = readEvalSet(set, io);
  const model = trainOn(items);
  writeFileSync(MODEL_PATH, modelText(model));
  const signed = (w: number) => `${w >= 0 ? '+' : ''}${w.toFixed(2)}`;
  const top = model.features
    .map((f, i) => [f, model.weights[i], model.medium[i], model.complex[i]] as const)
    .sort((a, b) => Math.abs(b[1]) + Math.abs(b[2]) + Math.abs(b[3]) - (Math.abs(a[1]) + Math.abs(a[2]) + Math.abs(a[3])))
    .slice(0, 12)
    .map(([f, w, u, v]) => `${f} ${signed(w + u)}/${signed(w + v)}`);
  console.log(`trained on ${items.length} cases from ${set}: ${model.features.length} features, lambda ${model.lambda} (steps ${model.lambdaStep}), scale ${model.scale}`);
  console.log(`heaviest weights (simple → medium / medium → complex): ${top.join(', ')}`);
  console.log(`wrote ${MODEL_PATH}`);
}

if (require.main === module) main();
