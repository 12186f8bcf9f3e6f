import { relative } from 'node:path';
import { CancelledError } from '../../core/errors';
import { Router, type Attempt, type RouterRequest, type StreamEvent } from '../../core/router';
import { ACTIONS, COMPLEXITIES, TASK_TYPES, type ChatMessage } from '../../core/types';
import { intFlag, oneOf, parse } from '../args';
import { cliBudget } from '../cliBudget';
import { json, UsageError, type CliIO } from '../io';
import { loadCliConfig } from '../loadConfig';
import { fileArg, languageOf, readSelection } from './classify';

const USAGE =
  'llm-router complete [--task T] [--complexity C] [--action A --file F|- --lines S-E] [--config FILE] [--state-dir DIR] [--max-tokens N] [--local-only] [--json] PROMPT';

export async function completeCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      task: { type: 'string' },
      complexity: { type: 'string' },
      action: { type: 'string' },
      file: { type: 'string' },
      lines: { type: 'string' },
      config: { type: 'string' },
      'state-dir': { type: 'string' },
      'max-tokens': { type: 'string' },
      'local-only': { type: 'boolean' },
      json: { type: 'boolean' },
    },
    USAGE,
  );
  const prompt = positionals.join(' ').trim();
  if (!prompt) throw new UsageError(`a PROMPT is required\nusage: ${USAGE}`);
  if (values.lines && !values.file) throw new UsageError('--lines needs --file');
  const action = oneOf(values.action, ACTIONS, 'action');
  const path = fileArg(values.file, io);
  const subject = path ? readSelection(path, values.lines, values.file) : undefined;
  const language = path ? languageOf(path) : undefined;

  const config = loadCliConfig(values.config, io);
  const { budget } = cliBudget(values['state-dir'], config, io);
  const router = new Router({ config, budget });
  const request: RouterRequest = {
    messages: messagesFor(prompt, subject, path && (path === '-' ? '<stdin>' : relative(io.cwd, path)), language, values.lines),
    action,
    prompt,
    subject,
    language,
    taskType: oneOf(values.task, TASK_TYPES, 'task'),
    complexity: oneOf(values.complexity, COMPLEXITIES, 'complexity'),
    maxTokens: intFlag(values['max-tokens'], 'max-tokens', 1),
    localOnly: values['local-only'],
    files: path && path !== '-' ? [path] : [],
  };

  let answered = false;
  try {
    for await (const ev of router.stream(request, io.signal)) {
      if (ev.type === 'delta') {
        if (!values.json) io.out(ev.text);
        answered = true;
      } else if (ev.type === 'decision') io.err(`decision: ${ev.decision.explanation}\n`);
      else if (ev.type === 'attempt') io.err(attemptLine(ev.attempt) + '\n');
      else return finish(ev, answered, values.json === true, io);
    }
    return 1;
  } finally {
    budget.dispose();
  }
}

function messagesFor(prompt: string, subject: string | undefined, file: string | undefined, language: string | undefined, lines: string | undefined): ChatMessage[] {
  if (subject === undefined) return [{ role: 'user', content: prompt }];
  const where = `${file}${lines ? ` (lines ${lines})` : ''}`;
  return [{ role: 'user', content: `${prompt}\n\n${where}:\n\`\`\`${language ?? ''}\n${subject}\n\`\`\`` }];
}

function finish(ev: Extract<StreamEvent, { type: 'done' | 'error' }>, answered: boolean, asJson: boolean, io: CliIO): number {
  const r = ev.result;
  const { inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens } = r.usage;
  const usage = { inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens };
  if (!asJson && answered) io.out(r.text.endsWith('\n') ? '' : '\n');
  const summary = `${r.provider ? `${r.provider}:${r.model}, ` : ''}${inputTokens} in / ${outputTokens} out${r.usage.estimated ? ' (estimated)' : ''}, $${r.costUsd.toFixed(6)}`;
  const out = { decision: r.decision, attempts: r.attempts, usage, costUsd: r.costUsd, text: r.text, cached: r.cached };
  if (ev.type === 'done') {
    io.err(`done: ${summary}\n`);
    if (asJson) io.out(json(out));
    return 0;
  }
  const { error, stoppedAt, nextTarget } = ev;
  io.err(`${error.message}\n`);
  if (answered) io.err(`charged for what streamed: ${summary}\n`);
  if (asJson) io.out(json({ ...out, error: { name: error.name, message: error.message, ...(stoppedAt ? { stoppedAt } : {}), ...(nextTarget ? { nextTarget } : {}) } }));
  return error instanceof CancelledError ? 130 : 1;
}

/** One stderr line per attempt: provider model outcome ms. */
export function attemptLine(a: Attempt): string {
  return `  ${a.provider} ${a.model} ${a.outcome}${a.status ? ` [HTTP ${a.status}]` : ''} ${a.ms} ms`;
}
