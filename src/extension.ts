// Composition root: builds the core, wires the VS Code adapters, owns every disposable.
import type * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext) {
  return {};
}

export function deactivate() {}
