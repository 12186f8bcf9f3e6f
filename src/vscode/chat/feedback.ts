// Step 5, feedback: "Retry with a stronger model" and 👍/👎 on an answer are recorded in the ledger, where
// `llm-router eval --feedback` reads them.
import type { Services } from '../services';
import type { AnswerMeta } from './meta';

export type FeedbackSignal = 'retry_stronger' | 'helpful' | 'unhelpful';

export function recordFeedback(services: Services, signal: FeedbackSignal, from: AnswerMeta, to?: AnswerMeta) {
  if (!from.provider || !from.model) return;
  try {
    services.budget.appendFeedback({
      signal,
      provider: from.provider,
      model: from.model,
      taskType: from.decision?.taskType,
      complexity: from.decision?.complexity,
      ruleId: from.decision?.rule.id,
      toProvider: to?.provider,
      toModel: to?.model,
    });
  } catch (err) {
    services.log.warn(`could not record feedback: ${(err as Error).message}`);
  }
}
