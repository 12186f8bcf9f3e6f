// The live routing config: which file, loading it with keys from SecretStorage, reloading on change,
// Problems diagnostics at the exact position, and the last good config kept on error.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseConfig } from '../core/config/load';
import type { LoadedConfig } from '../core/config/model';
import { ConfigError, ConfigErrors } from '../core/errors';
import { errorText } from '../core/providers/errors';
import { createRedactor } from '../core/privacy';
import { defaultUserConfigFile } from '../core/stateDir';
import { plural } from '../core/text';
import { ConfigErrorNotice } from './configErrorNotice';
import type { RouterLog } from './log';
import type { KeyStore } from './secrets';

const VAR_NAMES = /\$\{([A-Za-z_][A-Za-z0-9_]*)/g;

export class ConfigState implements vscode.Disposable {
  private cfg: LoadedConfig | undefined;
  private filePath = '';
  private readonly changed = new vscode.EventEmitter<LoadedConfig>();
  readonly onDidChange = this.changed.event;
  readonly diagnostics = vscode.languages.createDiagnosticCollection('llm-router');
  readonly notice = new ConfigErrorNotice();
  /** Scrubs the loaded keys and anything token-shaped from every log line. */
  private readonly redactor = createRedactor();
  private restricted = false;
  /** Each reload's number: a reload that an earlier one overtakes does not apply its stale result. */
  private generation = 0;
  private newest: Promise<LoadedConfig | undefined> = Promise.resolve(undefined);
  private loadedOnce!: () => void;
  /** Settles once the first load has finished, well or not: commands and the API wait for it. */
  readonly firstLoad = new Promise<void>((resolve) => (this.loadedOnce = resolve));

  constructor(
    private readonly extensionPath: string,
    private readonly keys: KeyStore,
    private readonly log: RouterLog,
  ) {
    log.setRedactor(this.redactor.redact);
  }

  /** True while an untrusted workspace's own routing config is being ignored. */
  get ignoringWorkspaceConfig(): boolean {
    return this.restricted;
  }

  get current(): LoadedConfig | undefined {
    return this.cfg;
  }
  /** The file last read: the live rules' file, or one whose problems are shown while the last good rules stay. */
  get path(): string {
    return this.filePath;
  }
  /** The file the live rules (and their line numbers) come from. */
  get rulesFile(): string {
    return this.cfg?.file ?? this.filePath;
  }

  shippedPath(): string {
    return path.join(this.extensionPath, 'config', 'llm_routing.yaml');
  }

  /** Writes the shipped default to `file` for the user to edit, its schema line pointing at the shipped schema. */
  async copyShippedTo(file: string): Promise<void> {
    await vscode.workspace.fs.createDirectory(vscode.Uri.file(path.dirname(file)));
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(this.shippedPath())));
    const schema = vscode.Uri.file(path.join(path.dirname(this.shippedPath()), 'llm_routing.schema.json')).toString();
    await vscode.workspace.fs.writeFile(vscode.Uri.file(file), new TextEncoder().encode(text.replace('$schema=./llm_routing.schema.json', `$schema=${schema}`)));
  }

  workspaceConfigPath(): string | undefined {
    const folder = vscode.workspace.workspaceFolders?.[0];
    return folder ? path.join(folder.uri.fsPath, '.vscode', 'llm_routing.yaml') : undefined;
  }

  /**
   * llmRouter.configPath, else the workspace's .vscode/llm_routing.yaml if present, else the user's own config
   * (defaultUserConfigFile: written by Find Local Model Servers) if present, else the shipped default.
   * In an untrusted workspace only the user's config applies: the workspace's file and a workspace-level
   * configPath could add providers or send requests (and keys) to a host of the workspace's choosing.
   */
  resolvePath(): string {
    const trusted = vscode.workspace.isTrusted;
    const inspected = vscode.workspace.getConfiguration('llmRouter').inspect<string>('configPath');
    const setting = (trusted ? vscode.workspace.getConfiguration('llmRouter').get<string>('configPath') : inspected?.globalValue)?.trim();
    this.restricted = !trusted && (!!(inspected?.workspaceValue || inspected?.workspaceFolderValue) || this.workspaceFileExists());
    if (setting) {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
      const expanded = setting.replace(/^~(?=$|[\\/])/, process.env.HOME ?? '~');
      return path.isAbsolute(expanded) || !folder ? expanded : path.join(folder, expanded);
    }
    if (trusted && this.workspaceFileExists()) return this.workspaceConfigPath()!;
    const user = defaultUserConfigFile();
    return existsSync(user) ? user : this.shippedPath();
  }

  private workspaceFileExists(): boolean {
    const ws = this.workspaceConfigPath();
    return !!ws && existsSync(ws);
  }

  /** Loads (or reloads) the config. On error keeps the last good one and shows Problems at the position. */
  reload(): Promise<LoadedConfig | undefined> {
    this.newest = this.load(++this.generation);
    return this.newest;
  }

  private async load(generation: number): Promise<LoadedConfig | undefined> {
    const file = this.resolvePath();
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(file)));
    } catch (err) {
      if (generation !== this.generation) return this.newest;
      this.filePath = file;
      return this.fail(file, new ConfigErrors([new ConfigError(file, 1, 1, `cannot read the routing config: ${(err as Error).message}`)]));
    }
    await this.keys.prefetch([...text.matchAll(VAR_NAMES)].map((m) => m[1])).catch((err: unknown) => this.log.warn(`could not read stored API keys: ${errorText(err)}`));
    if (generation !== this.generation) return this.newest; // a later reload read the file after this one
    // The path changes with what is loaded from it, in the same turn: never a new path over the old rules.
    this.filePath = file;
    try {
      const next = parseConfig(text, { file, env: this.keys.lookup });
      this.applySettings(next);
      this.redactor.setKeys(next);
      this.cfg = next;
      this.diagnostics.clear();
      this.notice.clear();
      const off = [...next.providers.values()].filter((p) => p.disabled);
      this.log.info(`config loaded: ${file} (${next.providers.size} providers, ${off.length} off, ${next.rules.length} rules)`);
      if (this.restricted) this.log.warn('Restricted Mode: this workspace is not trusted, so its routing config is ignored; your user config applies.');
      for (const p of off) this.log.info(`provider ${p.name} is off: ${p.disabled}`);
      this.changed.fire(next);
      return next;
    } catch (err) {
      if (err instanceof ConfigErrors) return this.fail(file, err);
      throw err;
    }
  }

  /** Settings that override the file: the daily budget. */
  private applySettings(cfg: LoadedConfig) {
    const budget = vscode.workspace.getConfiguration('llmRouter').get<number | null>('dailyBudget');
    if (typeof budget === 'number' && budget >= 0) cfg.raw.cost_limits.daily_budget = budget;
  }

  private fail(file: string, err: ConfigErrors): LoadedConfig | undefined {
    const uri = vscode.Uri.file(file);
    this.diagnostics.set(
      uri,
      err.errors.map((e) => {
        const pos = new vscode.Position(Math.max(0, e.line - 1), Math.max(0, e.col - 1));
        const d = new vscode.Diagnostic(new vscode.Range(pos, pos.translate(0, 1)), e.detail, vscode.DiagnosticSeverity.Error);
        d.source = 'LLM Router';
        return d;
      }),
    );
    for (const e of err.errors) this.log.error(e.message);
    const keeping = this.cfg ? 'Still using the last good config.' : 'No routing until it is fixed.';
    const first = err.errors[0];
    const at = new vscode.Location(uri, new vscode.Position(Math.max(0, first.line - 1), Math.max(0, first.col - 1)));
    this.notice.show(`LLM Router: the routing config has ${plural(err.errors.length, 'problem')}: ${first.message}. ${keeping}`, at);
    return this.cfg;
  }

  markLoaded() {
    this.loadedOnce();
  }

  dispose() {
    this.notice.dispose();
    this.changed.dispose();
    this.diagnostics.dispose();
  }
}

export function registerConfig(context: vscode.ExtensionContext, state: ConfigState, keys: KeyStore) {
  let watcher: vscode.Disposable | undefined;
  let armed = '';
  // Watch the chosen file, the workspace's .vscode/llm_routing.yaml and the user's own config (creating one of
  // those switches to it). A file whose folder does not exist yet (~/.config/llm-router on a fresh machine) is
  // watched through its nearest existing folder; creating or deleting a folder moves the watch. Watchers are
  // rebuilt only when what they cover changes, not on every save.
  const rearm = () => {
    const files = [state.resolvePath(), state.workspaceConfigPath(), defaultUserConfigFile()].filter((f): f is string => !!f);
    const patterns = new Map(files.map(watchPattern).map((p) => [`${p.baseUri.fsPath}\0${p.pattern}`, p]));
    const key = [...patterns.keys()].join('\n');
    if (key === armed) return;
    armed = key;
    watcher?.dispose();
    const watchers = [...patterns.values()].map((p) => vscode.workspace.createFileSystemWatcher(p));
    for (const w of watchers) {
      w.onDidChange(reload);
      // Re-arm before reading: a file made right after its folder is then seen by the watch or by the read.
      w.onDidCreate(() => (rearm(), reload()));
      w.onDidDelete(() => (rearm(), reload()));
    }
    watcher = { dispose: () => watchers.forEach((w) => w.dispose()) };
  };
  const reload = () => void state.reload().then(rearm, rearm);
  context.subscriptions.push(
    state,
    { dispose: () => watcher?.dispose() },
    vscode.workspace.onDidSaveTextDocument((doc) => {
      if (doc.uri.fsPath === state.path) void state.reload();
    }),
    // Only the settings the loaded config depends on reload it; the others are read when used, and a reload
    // would cancel the inline requests in flight for nothing.
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('llmRouter.configPath') || e.affectsConfiguration('llmRouter.dailyBudget')) reload();
    }),
    keys.onDidChange(() => void state.reload()),
    vscode.workspace.onDidGrantWorkspaceTrust(reload),
    vscode.commands.registerCommand('llmRouter.openConfigProblem', () => state.notice.openProblem()),
    vscode.commands.registerCommand('llmRouter.openConfig', async () => {
      const ws = state.workspaceConfigPath();
      let target = state.resolvePath();
      if (ws && target === state.shippedPath()) {
        // Copy the shipped default into the workspace so the user edits their own.
        await state.copyShippedTo(ws);
        target = ws;
        await state.reload();
        rearm();
      }
      await vscode.window.showTextDocument(vscode.Uri.file(target));
    }),
  );
  return state.reload().finally(() => {
    rearm();
    state.markLoaded();
  });
}

/** `file` in its folder; while that folder is missing, the first missing folder in the nearest existing one. */
function watchPattern(file: string): vscode.RelativePattern {
  let base = path.dirname(file);
  let name = path.basename(file);
  while (path.isAbsolute(base) && !existsSync(base) && path.dirname(base) !== base) {
    name = path.basename(base);
    base = path.dirname(base);
  }
  return new vscode.RelativePattern(vscode.Uri.file(base), name);
}
