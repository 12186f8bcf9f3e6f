import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { classify } from '../../core/classify';
import { createDecider } from '../../core/rules';
import { decodeText } from '../../core/input';
import { ACTIONS } from '../../core/types';
import { oneOf, parse } from '../args';
import { json, UsageError, type CliIO } from '../io';
import { formatDecision } from '../formatDecision';
import { loadCliConfig } from '../loadConfig';

const USAGE = 'llm-router classify --action A [--file PATH|-] [--lines START-END] [--prompt TEXT] [--config FILE] [--json]';

const LANGUAGE_BY_EXT: Record<string, string> = {
  '.ts': 'typescript', '.tsx': 'typescript', '.js': 'javascript', '.jsx': 'javascript', '.mjs': 'javascript', '.cjs': 'javascript',
  '.py': 'python', '.go': 'go', '.rs': 'rust', '.java': 'java', '.cs': 'csharp', '.rb': 'ruby', '.c': 'c', '.h': 'c',
  '.cpp': 'cpp', '.hpp': 'cpp', '.sql': 'sql', '.md': 'markdown', '.sh': 'shell', '.kt': 'kotlin', '.swift': 'swift', '.php': 'php',
};

export function languageOf(path: string): string {
  return LANGUAGE_BY_EXT[extname(path).toLowerCase()] ?? 'plaintext';
}

/** Reads a file (`-`: stdin), or the 1-based inclusive line range START-END of it. Binary files are refused. */
export function readSelection(path: string, lines: string | undefined, label = path): string {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path === '-' ? 0 : path);
  } catch (err) {
    throw new UsageError(`cannot read ${label}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let text: string;
  try {
    text = decodeText(bytes, label);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (!lines) return text;
  const m = /^(\d+)-(\d+)$/.exec(lines);
  if (!m || Number(m[1]) < 1 || Number(m[2]) < Number(m[1])) throw new UsageError(`--lines expects START-END with 1 ≤ START ≤ END, got "${lines}"`);
  return text.split('\n').slice(Number(m[1]) - 1, Number(m[2])).join('\n');
}

/** --file as a path (`-` stays `-`: stdin). */
export const fileArg = (file: string | undefined, io: CliIO) => (file === '-' ? '-' : file ? resolve(io.cwd, file) : undefined);

export async function classifyCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(
    argv,
    {
      action: { type: 'string' },
      file: { type: 'string' },
      lines: { type: 'string' },
      prompt: { type: 'string' },
      config: { type: 'string' },
      json: { type: 'boolean' },
    },
    USAGE,
  );
  const action = oneOf(values.action, ACTIONS, 'action');
  if (!action) throw new UsageError(`--action is required (one of ${ACTIONS.join(', ')})\nusage: ${USAGE}`);
  if (values.lines && !values.file) throw new UsageError('--lines needs --file');
  const path = fileArg(values.file, io);
  const text = path ? readSelection(path, values.lines, values.file) : undefined;
  const config = loadCliConfig(values.config, io);
  const c = classify({ action, text, prompt: values.prompt, language: path ? languageOf(path) : undefined }, { quality: config.raw.routing.quality });
  const decision = createDecider(config)(c, { state: 'ok' }, { action });
  if (values.json) {
    const { taskType, complexity, contextTokens, signals } = c;
    io.out(json({ ...decision, classification: { taskType, complexity, contextTokens, probabilities: c.probabilities, signals, confidence: c.confidence, reason: c.reason } }));
  } else {
    io.out(`classification: ${c.reason}\n` + formatDecision(decision));
  }
  return 0;
}
