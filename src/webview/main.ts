// The routing dashboard page (bundled by esbuild into dist/webview/dashboard.js). It talks to the extension
// only through postMessage, and renders only what passes the shared zod schema. No network, no eval, no
// markup from strings: the page is built as VNodes and mounted node by node.
import './jitless';
import type { FromView } from '../core/dashboard/protocol';
import { simulation } from './draft';
import { parseToView } from './messages';
import { isShown, newModel, type Actions, type Model } from './model';
import { mount } from './mount';
import { page } from './page';
import { receive } from './receive';
import { restoreUi, type UiState } from './uiState';

interface VsCodeApi {
  postMessage(message: FromView): void;
  getState(): unknown;
  setState(state: UiState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const SIMULATE_DELAY_MS = 120;
const SCROLL_SAVE_DELAY_MS = 150;

const model: Model = newModel(document.body.dataset.mode === 'panel' ? 'panel' : 'view', restoreUi(vscode.getState()));
let restoredScroll = false;
let simTimer: ReturnType<typeof setTimeout> | undefined;

const actions: Actions = {
  post: (message) => vscode.postMessage(message),
  persist: () => vscode.setState(model.ui),
  render,
  simulateSoon() {
    clearTimeout(simTimer);
    simTimer = setTimeout(() => {
      const m = simulation(model.ui);
      if (m) actions.post(m);
    }, SIMULATE_DELAY_MS);
  },
};

function render() {
  const app = document.getElementById('app');
  if (!app || !isShown(model)) return;
  // Keep the focus on the same control across the rebuild.
  const focusKey = document.activeElement instanceof HTMLElement ? document.activeElement.dataset.key : undefined;
  app.replaceChildren(...page(model, actions).map(mount));
  app.setAttribute('aria-busy', 'false');
  if (focusKey) {
    const el = app.querySelector(`[data-key="${CSS.escape(focusKey)}"]`);
    if (el instanceof HTMLElement) el.focus();
  }
  if (!restoredScroll) {
    restoredScroll = true;
    window.scrollTo(0, model.ui.scrollY);
  }
}

let scrollTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('scroll', () => {
  clearTimeout(scrollTimer);
  scrollTimer = setTimeout(() => {
    model.ui.scrollY = window.scrollY;
    actions.persist();
  }, SCROLL_SAVE_DELAY_MS);
});

window.addEventListener('message', (ev: MessageEvent<unknown>) => {
  const parsed = parseToView(ev.data);
  if (!parsed.ok) {
    console.warn(`LLM Router dashboard: ignored a message (${parsed.error})`);
    return;
  }
  const effect = receive(model, parsed.message);
  if (effect.render) render();
  if (effect.simulate) actions.simulateSoon();
});

actions.post({ type: 'ready' });
