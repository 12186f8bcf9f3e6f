// Local first, with verification: under a rule with `verify: true`, the local model answers first and its
// answer is held back until it passes the check; if it fails, the chain goes on past it and says why.
import type { Decision } from '../types';
import { CancelledError } from '../errors';
import type { VerifyContext, Verifier } from '../verify';
import type { RouteResult, StreamEvent } from './types';

type Run = (decision: Decision, signal?: AbortSignal) => AsyncGenerator<StreamEvent, void, undefined>;

export async function* verifyLocalFirst(run: Run, decision: Decision, isLocal: (provider: string) => boolean, verify: Verifier, ctx: VerifyContext, signal?: AbortSignal): AsyncGenerator<StreamEvent, void, undefined> {
  const i = decision.chain.findIndex((s) => !s.skipped);
  if (i < 0 || !isLocal(decision.chain[i].provider) || !decision.chain.slice(i + 1).some((s) => !s.skipped)) return yield* run(decision, signal);

  const held: StreamEvent[] = [];
  let done: RouteResult | undefined;
  let failure = '';
  for await (const ev of run({ ...decision, chain: decision.chain.slice(0, i + 1) }, signal)) {
    if (ev.type === 'done') done = ev.result;
    else if (ev.type === 'error') {
      if (ev.error instanceof CancelledError) return yield ev;
      failure = `local answer failed: ${ev.error.message.split('\n')[0]}`;
    } else held.push(ev.type === 'decision' ? { ...ev, decision } : ev);
  }
  if (done) {
    const verdict = await verify(done.text, ctx);
    if (verdict.ok) {
      yield* held;
      return yield { type: 'done', result: { ...done, decision } };
    }
    failure = `local answer failed verification: ${verdict.reason}`;
  }
  const step = decision.chain[i];
  const next = decision.chain.slice(i + 1).find((s) => !s.skipped)!;
  yield* run({
    ...decision,
    chain: [...decision.chain.slice(0, i), { ...step, skipped: failure }, ...decision.chain.slice(i + 1)],
    explanation: `${decision.explanation} · ${failure} → ${next.provider}:${next.model}`,
  }, signal);
}
