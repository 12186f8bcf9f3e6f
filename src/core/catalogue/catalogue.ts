// What the providers themselves said about their models, kept for decisions to read: context windows from
// their metadata (Ollama /api/show, the model lists), the ids each one lists, and models a request found
// missing (HTTP 404 "model not found"). Filled in the background by checks and requests; read synchronously,
// so a decision never waits for the network.

import type { ModelDetails } from '../providers/types';

/** The read side a decision uses. */
export interface ModelFacts {
  /** The window the provider reported for the model, if it did. */
  windowOf(provider: string, model: string): number | undefined;
  /** Set while a request recently found the model missing on the provider. */
  missing(provider: string, model: string): string | undefined;
}

/** A model found missing is skipped for this long, or until the next check or pull says otherwise. */
export const MISSING_FOR_MS = 10 * 60_000;

export class ModelCatalogue implements ModelFacts {
  private readonly windows = new Map<string, number>();
  private readonly lists = new Map<string, { ids: string[]; at: number }>();
  private readonly gone = new Map<string, number>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly now: () => number = Date.now) {}

  private static key(provider: string, model: string): string {
    return provider + '\u0000' + model;
  }

  windowOf(provider: string, model: string): number | undefined {
    return this.windows.get(ModelCatalogue.key(provider, model));
  }

  missing(provider: string, model: string): string | undefined {
    const until = this.gone.get(ModelCatalogue.key(provider, model));
    if (until === undefined) return undefined;
    if (until <= this.now()) {
      this.gone.delete(ModelCatalogue.key(provider, model));
      return undefined;
    }
    return 'model not found';
  }

  /** The ids the provider listed at its last check (undefined: never checked, or unreachable). */
  listed(provider: string): readonly string[] | undefined {
    return this.lists.get(provider)?.ids;
  }

  learnWindow(provider: string, model: string, tokens: number | undefined): void {
    if (tokens === undefined || !Number.isInteger(tokens) || tokens <= 0) return;
    const k = ModelCatalogue.key(provider, model);
    if (this.windows.get(k) === tokens) return;
    this.windows.set(k, tokens);
    this.changed();
  }

  /** A fresh listing: its windows are learnt, and a model it lists is no longer missing. */
  learnList(provider: string, models: readonly ModelDetails[]): void {
    this.lists.set(provider, { ids: models.map((m) => m.id), at: this.now() });
    for (const m of models) {
      this.learnWindow(provider, m.id, m.contextWindow);
      this.gone.delete(ModelCatalogue.key(provider, m.id));
    }
    this.changed();
  }

  markMissing(provider: string, model: string, forMs = MISSING_FOR_MS): void {
    this.gone.set(ModelCatalogue.key(provider, model), this.now() + forMs);
    this.changed();
  }

  /** After a pull, or when the user says it is back. */
  clearMissing(provider: string, model: string): void {
    if (this.gone.delete(ModelCatalogue.key(provider, model))) this.changed();
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}
