// `llm-router fim --file F --line L --col C`: an inline completion at that cursor (1-based line and column),
// through the same pipeline and FIM targets as the editor (the window around the cursor, Router.fim, the
// trimming), so any editor can use the router. Prints the completion; --json prints {decision, attempts, text}.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InlineEngine } from '../../core/inline/engine';
import { INLINE_LIMITS, windowAt } from '../../core/inline/window';
import { Router, type Attempt, type StreamEvent } from '../../core/router';
import type { Decision } from '../../core/types';
import { intFlag, parse } from '../args';
import { cliBudget } from '../cliBudget';
import { json, UsageError, type CliIO } from '../io';
import { loadCliConfig } from '../loadConfig';
import { attemptLine } from './complete';

const USAGE = 'llm-router fim --file F --line L --col C [--config FILE] [--state-dir DIR] [--json]';

export async function fimCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(
    argv,
    { file: { type: 'string' }, line: { type: 'string' }, col: { type: 'string' }, config: { type: 'string' }, 'state-dir': { type: 'string' }, json: { type: 'boolean' } },
    USAGE,
  );
  if (!values.file || values.line === undefined || values.col === undefined) throw new UsageError(`--file, --line and --col are required\nusage: ${USAGE}`);
  const path = resolve(io.cwd, values.file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const lines = text.split('\n');
  const line = intFlag(values.line, 'line', 1)! - 1;
  if (line >= lines.length) throw new UsageError(`--line ${line + 1} is past the end of ${values.file} (${lines.length} lines)`);
  const lineText = lines[line].replace(/\r$/, '');
  const col = intFlag(values.col, 'col', 1)! - 1;
  if (col > lineText.length) throw new UsageError(`--col ${col + 1} is past the end of line ${line + 1} (${lineText.length} characters)`);

  const config = loadCliConfig(values.config, io);
  let decision: Decision | undefined;
  let attempts: Attempt[] = [];
  const { budget } = cliBudget(values['state-dir'], config, io);
  try {
    // The whole record, also when the stream stops early because the completion is complete.
    const router = new Router({ config, budget, onEvent: (e) => (attempts = e.attempts) });
    const engine = new InlineEngine({
      ...INLINE_LIMITS,
      debounceMs: () => 0,
      fim: async function* (req, signal): AsyncGenerator<StreamEvent> {
        for await (const e of router.fim(req, signal)) {
          if (e.type === 'decision') {
            decision = e.decision;
            if (!values.json) io.err(`decision: ${e.decision.explanation}\n`);
          } else if (e.type === 'attempt' && !values.json) io.err(attemptLine(e.attempt) + '\n');
          yield e;
        }
      },
    });
    const out = await engine.complete({ ...windowAt(text.replace(/\r\n/g, '\n'), line, col), files: [path], immediate: true }, io.signal);
    const completion = out.kind === 'completion' ? out.text : '';
    const error = out.kind === 'error' ? out.message : undefined;
    decision ??= out.kind === 'completion' || out.kind === 'error' ? out.decision : undefined;
    if (values.json) io.out(json({ decision, attempts, text: completion, ...(error ? { error } : {}) }));
    else if (completion) io.out(completion.endsWith('\n') ? completion : completion + '\n');
    if (out.kind === 'cancelled' || io.signal.aborted) return 130;
    if (error !== undefined) {
      if (!values.json) io.err(`${error}\n`);
      return 1;
    }
    if (!completion && !values.json) io.err('no completion\n');
    return 0;
  } finally {
    budget.dispose();
  }
}
