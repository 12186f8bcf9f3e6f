// The configured models against what each provider serves, in the editor: at startup (and after "Check now" or
// a pull), a model a reachable provider lacks is marked in Problems at its line in the routing config, with
// quick fixes (pull it, for Ollama; the close id the provider lists). A routed Ollama model that is not pulled
// is also offered for a pull once, when the window starts. `llmRouter.pullModel` pulls with a cancellable
// progress notification.
import * as vscode from 'vscode';
import { findModelProblems, type ModelProblem } from '../core/catalogue/check';
import { pullTarget } from '../core/catalogue/pull';
import { applyHealth, describeReferenced } from '../core/catalogue/refresh';
import type { LoadedConfig } from '../core/config/model';
import { checkProviders, type ProviderHealth } from '../core/providers/health';
import { ProviderRegistry } from '../core/providers/registry';
import { pullWithProgress } from './pullProgress';
import type { Services } from './services';

const SOURCE = 'LLM Router models';

export interface PullArgs {
  provider?: string;
  model?: string;
}

/** The check's state in one window: the last listings, the diagnostics, whether the pull was offered. */
class ModelCheck implements vscode.Disposable {
  readonly diagnostics = vscode.languages.createDiagnosticCollection('llm-router-models');
  private readonly registry = new ProviderRegistry();
  private checking: AbortController | undefined;
  private offered = false;
  private listedFor: LoadedConfig | undefined;

  constructor(private readonly services: Services) {}

  private show(config: LoadedConfig, found: ModelProblem[]) {
    this.diagnostics.clear();
    this.diagnostics.set(vscode.Uri.file(config.file), found.map(toDiagnostic));
  }

  /** A provider check finished (this one, "Check now", after a pull): mark what the providers lack. */
  readonly apply = ({ config, health }: { config: LoadedConfig; health: ProviderHealth[] }) => {
    if (config !== this.services.config.current) return;
    this.listedFor = config;
    const found = applyHealth(config, this.services.catalogue, health);
    this.show(config, found);
    void describeReferenced(config, this.services.catalogue, this.registry, AbortSignal.timeout(10_000)).catch(() => undefined);
    if (!this.offered) {
      this.offered = true;
      void offerPulls(found);
    }
  };

  /** Lists the providers (local ones only in local-only mode); the results arrive through `apply`. */
  readonly check = async (): Promise<void> => {
    const config = this.services.config.current;
    if (!config) return;
    this.checking?.abort();
    const ctl = (this.checking = new AbortController());
    const localOnly = this.services.localOnlySetting() || config.raw.privacy.local_only;
    const health = await checkProviders(config, ctl.signal, this.registry, (p) => !localOnly || p.local);
    if (this.checking !== ctl) return;
    this.checking = undefined;
    this.services.providersChecked(config, health);
  };

  /** A new config: its models move lines, so the last listings are read again (no request); a first config is checked. */
  readonly onConfig = (config: LoadedConfig) => {
    if (this.listedFor) {
      this.listedFor = config;
      this.show(config, findModelProblems(config, (name) => this.services.catalogue.listed(name)));
    } else if (vscode.workspace.getConfiguration('llmRouter').get<boolean>('checkModels', true)) void this.check();
  };

  readonly pull = async (args?: PullArgs): Promise<boolean> => {
    await this.services.config.firstLoad;
    const config = this.services.config.current;
    if (!config) {
      void vscode.window.showErrorMessage('LLM Router: the routing config has errors; see Problems.');
      return false;
    }
    let target;
    try {
      target = pullTarget(config, isPullArgs(args) ? args : {});
    } catch (err) {
      void vscode.window.showErrorMessage(`LLM Router: ${(err as Error).message}`);
      return false;
    }
    const ok = await pullWithProgress(this.registry, target, this.services.log);
    if (ok) {
      this.services.catalogue.clearMissing(target.provider.name, target.model);
      await this.check();
    }
    return ok;
  };

  dispose() {
    this.checking?.abort();
    this.diagnostics.dispose();
  }
}

/** Once a window: a routed Ollama model that is not pulled is offered for a pull. */
async function offerPulls(found: ModelProblem[]) {
  const missing = found.filter((p) => p.code === 'not-pulled' && p.severity === 'warning');
  const first = missing[0];
  if (!first) return;
  const names = [...new Set(missing.map((p) => p.model))];
  const pull = `Pull ${first.model}`;
  const choice = await vscode.window.showWarningMessage(`LLM Router: ${first.provider} has not pulled ${names.join(', ')}, which your routing rules use.`, pull, 'Show Problems');
  if (choice === pull) await vscode.commands.executeCommand('llmRouter.pullModel', { provider: first.provider, model: first.model });
  else if (choice === 'Show Problems') await vscode.commands.executeCommand('workbench.actions.view.problems');
}

export function registerModels(context: vscode.ExtensionContext, services: Services) {
  const models = new ModelCheck(services);
  context.subscriptions.push(
    models,
    services.onDidCheckProviders(models.apply),
    services.config.onDidChange(models.onConfig),
    vscode.commands.registerCommand('llmRouter.pullModel', models.pull),
    vscode.languages.registerCodeActionsProvider({ scheme: 'file', pattern: '**/*.{yaml,yml}' }, { provideCodeActions: (doc, _range, ctx) => quickFixes(doc, ctx) }, {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
    }),
  );
  if (services.config.current) models.onConfig(services.config.current);
}

function isPullArgs(a: unknown): a is PullArgs {
  return !!a && typeof a === 'object' && !(a instanceof vscode.Uri) && ['provider', 'model'].every((k) => (a as Record<string, unknown>)[k] === undefined || typeof (a as Record<string, unknown>)[k] === 'string');
}

interface ModelDiagnostic extends vscode.Diagnostic {
  problem: ModelProblem;
}

function toDiagnostic(p: ModelProblem): vscode.Diagnostic {
  const range = new vscode.Range(p.line - 1, p.col - 1, p.endLine - 1, p.endCol - 1);
  const d = new vscode.Diagnostic(range, p.message, p.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information) as ModelDiagnostic;
  d.source = SOURCE;
  d.code = p.code;
  d.problem = p;
  return d;
}

function quickFixes(doc: vscode.TextDocument, ctx: vscode.CodeActionContext): vscode.CodeAction[] {
  const out: vscode.CodeAction[] = [];
  for (const d of ctx.diagnostics) {
    const p = (d as Partial<ModelDiagnostic>).problem;
    if (d.source !== SOURCE || !p) continue;
    if (p.code === 'not-pulled') {
      const a = new vscode.CodeAction(`Pull ${p.model}`, vscode.CodeActionKind.QuickFix);
      a.command = { command: 'llmRouter.pullModel', title: `Pull ${p.model}`, arguments: [{ provider: p.provider, model: p.model }] };
      a.diagnostics = [d];
      a.isPreferred = !p.suggestion;
      out.push(a);
    }
    if (p.suggestion) {
      const text = doc.getText(d.range);
      const at = text.lastIndexOf(p.model);
      if (at < 0) continue;
      const a = new vscode.CodeAction(`Change to ${p.suggestion}`, vscode.CodeActionKind.QuickFix);
      const start = doc.positionAt(doc.offsetAt(d.range.start) + at);
      a.edit = new vscode.WorkspaceEdit();
      a.edit.replace(doc.uri, new vscode.Range(start, start.translate(0, p.model.length)), p.suggestion);
      a.diagnostics = [d];
      a.isPreferred = true;
      out.push(a);
    }
  }
  return out;
}
