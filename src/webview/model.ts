// What the page knows, and what it can do. The sections read the model, change `ui` through their handlers,
// and ask for a new render; main.ts wires the actions to the webview.
import type { DashboardState, FromView, WhatIfResult } from '../core/dashboard/protocol';
import type { UiState } from './uiState';

export interface Model {
  mode: 'view' | 'panel';
  /** Null until the extension sends the first state. */
  state: DashboardState | null;
  ui: UiState;
  whatIf: WhatIfResult | null;
  whatIfError: string;
  /** A provider check is running. */
  checking: boolean;
  /** The answer to the last Save. */
  notice: { ok: boolean; message: string } | null;
}

/** The model once there is a state to show. */
export type Shown = Model & { state: DashboardState };

export const isShown = (m: Model): m is Shown => m.state !== null;

export interface Actions {
  post(message: FromView): void;
  /** Store `ui` in the webview host. */
  persist(): void;
  render(): void;
  /** Re-run the what-if soon (debounced). */
  simulateSoon(): void;
}

export function newModel(mode: Model['mode'], ui: UiState): Model {
  return { mode, state: null, ui, whatIf: null, whatIfError: '', checking: false, notice: null };
}
