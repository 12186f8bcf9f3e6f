// The routing config's errors as a notification that lasts as long as they do: it closes by itself once the
// config loads again. (An error message with a button stays until the user dismisses it, long after the fix.)
// Its "Open Config" link opens the file at the first error.
import * as vscode from 'vscode';

export class ConfigErrorNotice implements vscode.Disposable {
  private close: (() => void) | undefined;
  private shown = '';
  private at: vscode.Location | undefined;

  /** The notification's "Open Config" link (command llmRouter.openConfigProblem, registered with the config). */
  openProblem() {
    return this.at && vscode.window.showTextDocument(this.at.uri, { selection: this.at.range });
  }

  /** Shows `text` until clear() (the same text again changes nothing). */
  show(text: string, at: vscode.Location) {
    this.at = at;
    if (text === this.shown) return;
    this.clear();
    this.shown = text;
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${text} [Open Config](command:llmRouter.openConfigProblem)`, cancellable: true }, (_progress, token) =>
      new Promise<void>((resolve) => {
        this.close = resolve;
        token.onCancellationRequested(() => resolve());
      }),
    );
  }

  clear() {
    this.close?.();
    this.close = undefined;
    this.shown = '';
  }

  dispose() {
    this.clear();
  }
}
