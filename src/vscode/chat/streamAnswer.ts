// Steps 2 and 3, plan and stream: the router's decision becomes the progress line, failed tries before the
// first token say that the next model is tried, and the answer streams into the chat as it comes.
import type * as vscode from 'vscode';
import { progressLine } from '../../core/chat/present';
import type { RouteResult, RouterRequest, StreamEvent } from '../../core/router';
import { signalOf } from '../api';
import type { Services } from '../services';
import type { AnswerMeta } from './meta';
import { targetOf } from './targets';

export interface Streamed {
  text: string;
  result?: RouteResult;
  error?: Error;
}

export async function streamAnswer(services: Services, req: RouterRequest, meta: AnswerMeta, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<Streamed> {
  const out: Streamed = { text: '' };
  for await (const ev of services.router.stream(req, signalOf(token))) {
    if (ev.type === 'decision') showPlan(services, ev, meta, stream);
    else if (ev.type === 'attempt') {
      meta.attempts.push(ev.attempt);
      const a = ev.attempt;
      if (!out.text && a.outcome !== 'ok' && a.outcome !== 'cancelled' && !a.outcome.startsWith('skipped')) {
        stream.progress(`${a.provider}:${a.model}: ${a.outcome}; trying the next model…`);
      }
    } else if (ev.type === 'delta') {
      out.text += ev.text;
      stream.markdown(ev.text);
    } else if (ev.type === 'done') out.result = ev.result;
    else if (ev.type === 'error') {
      out.result = ev.result;
      out.error = ev.error;
    }
  }
  return out;
}

/** The plan: the decision goes into the metadata, and "Routing to …" into the progress line. */
function showPlan(services: Services, ev: Extract<StreamEvent, { type: 'decision' }>, meta: AnswerMeta, stream: vscode.ChatResponseStream) {
  meta.decision = ev.decision;
  meta.classification = ev.classification;
  const head = ev.decision.chain.find((s) => !s.skipped);
  stream.progress(progressLine(ev.decision, head && targetOf(services, head.provider, head.model)));
}
