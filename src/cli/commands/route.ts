import { createDecider } from '../../core/rules';
import { COMPLEXITIES, TASK_TYPES } from '../../core/types';
import { intFlag, oneOf, parse } from '../args';
import { json, UsageError, type CliIO } from '../io';
import { formatDecision } from '../formatDecision';
import { loadCliConfig } from '../loadConfig';

const USAGE =
  'llm-router route --task T [--complexity C] [--tokens N] [--fast] [--cheap] [--local-only] [--budget-exhausted] [--config FILE] [--json]';

export async function routeCommand(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(
    argv,
    {
      task: { type: 'string' },
      complexity: { type: 'string' },
      tokens: { type: 'string' },
      fast: { type: 'boolean' },
      cheap: { type: 'boolean' },
      'local-only': { type: 'boolean' },
      'budget-exhausted': { type: 'boolean' },
      'max-tokens': { type: 'string' },
      config: { type: 'string' },
      json: { type: 'boolean' },
    },
    USAGE,
  );
  const taskType = oneOf(values.task, TASK_TYPES, 'task');
  if (!taskType) throw new UsageError(`--task is required (one of ${TASK_TYPES.join(', ')})\nusage: ${USAGE}`);
  const complexity = oneOf(values.complexity, COMPLEXITIES, 'complexity') ?? 'simple';
  const decide = createDecider(loadCliConfig(values.config, io));
  const decision = decide(
    { taskType, complexity, contextTokens: intFlag(values.tokens, 'tokens') ?? 0 },
    { state: values['budget-exhausted'] ? 'exhausted' : 'ok' },
    {
      requireFast: values.fast,
      requireCheap: values.cheap,
      localOnly: values['local-only'],
      maxTokens: intFlag(values['max-tokens'], 'max-tokens', 1),
    },
  );
  io.out(values.json ? json(decision) : formatDecision(decision));
  return 0;
}
