// What a (validated) message from the extension changes in the model, and whether to render and re-simulate.
import type { ToView } from '../core/dashboard/protocol';
import type { Model } from './model';

export interface Effect {
  render: boolean;
  /** Re-run the what-if: on the first state, and on a new state while a what-if shows. */
  simulate: boolean;
}

const RENDER: Effect = { render: true, simulate: false };

export function receive(m: Model, msg: ToView): Effect {
  switch (msg.type) {
    case 'state': {
      const first = !m.state;
      // The state carries the time: a refresh that changes nothing else does not rebuild the page.
      const same = !first && JSON.stringify({ ...m.state, now: 0 }) === JSON.stringify({ ...msg.state, now: 0 });
      m.state = msg.state;
      return same ? { render: false, simulate: false } : { render: true, simulate: first || m.whatIf !== null };
    }
    case 'whatIf':
      m.whatIf = msg.result;
      m.whatIfError = '';
      return RENDER;
    case 'whatIfError':
      m.whatIfError = msg.message;
      return RENDER;
    case 'saved':
      m.notice = { ok: msg.ok, message: msg.message };
      return RENDER;
    case 'checking':
      m.checking = msg.busy;
      return RENDER;
  }
}
