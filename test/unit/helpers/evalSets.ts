// The labelled sets the classifier tests read: the shared development set (beside the repo, as in CI),
// this repo's extra cases and the rewordings fixture.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfigAllKeyed, readEvalSet } from '../../../src/cli/commands/eval';
import type { CliIO } from '../../../src/cli/io';
import type { LabelledInput } from '../../../src/core/eval';
import { createDecider } from '../../../src/core/rules';
import { ROOT } from './config';

export const DEV_SET = join(ROOT, '..', 'shared', 'eval', 'requests.jsonl');
export const EXTRA_SET = join(ROOT, 'test', 'fixtures', 'eval-extra', 'requests.jsonl');
/** Labelled before the second round of classifier work and never tuned on (test/fixtures/eval-fresh/README.md). */
export const FRESH_SET = join(ROOT, 'test', 'fixtures', 'eval-fresh', 'requests.jsonl');
export const REWORDINGS = join(ROOT, 'test', 'fixtures', 'rewordings', 'rewordings.jsonl');

/** A `skip` value for tests that need the development set. */
export const devSkip: string | false = existsSync(DEV_SET) ? false : `no development set at ${DEV_SET} (../shared/eval beside the repo)`;

const io: CliIO = { out: () => {}, err: () => {}, signal: new AbortController().signal, env: {}, cwd: ROOT };

const cache = new Map<string, LabelledInput[]>();
export function labelled(file: string): LabelledInput[] {
  let items = cache.get(file);
  if (!items) cache.set(file, (items = readEvalSet(file, io)));
  return items;
}

/** The shipped config, every provider keyed: the routing eval measures. */
export function shippedDecider() {
  return createDecider(loadConfigAllKeyed(undefined, io).config);
}

export interface Rewording {
  of: string;
  prompt: string;
}

export function rewordings(): Rewording[] {
  return readFileSync(REWORDINGS, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Rewording);
}

/** Every prompt the labelled sets hold: their wording must never appear in src/. */
export function evalPrompts(): { source: string; prompt: string }[] {
  const out: { source: string; prompt: string }[] = [];
  if (existsSync(DEV_SET)) {
    for (const line of readFileSync(DEV_SET, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const c = JSON.parse(line) as { id: string; prompt: string | null };
      if (c.prompt) out.push({ source: c.id, prompt: c.prompt });
    }
  }
  for (const r of rewordings()) out.push({ source: `rewording of ${r.of}`, prompt: r.prompt });
  return out;
}
