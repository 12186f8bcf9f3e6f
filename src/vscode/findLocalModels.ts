// Walkthrough step 1, "Find a local model server": which local model servers answer on their usual ports, and,
// for the ones the user picks, the routing config turned on for them: the config in use, or, while that is the
// shipped default, the user's own copy of it (used from then on wherever no configPath or workspace config applies).
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { parseConfig } from '../core/config/load';
import { turnOnLocalServers } from '../core/config/turnOn';
import { findLocalRuntimes, LOCAL_RUNTIMES, type FoundRuntime, type RuntimeSpec } from '../core/runtimes/detect';
import { defaultUserConfigFile } from '../core/stateDir';
import type { Services } from './services';
import { CONTEXT, setContext } from './walkthroughContext';

/** The runtimes to look for: the shipped table, or a test's (LLM_ROUTER_TEST_RUNTIMES, a JSON list). */
function runtimeTable(): RuntimeSpec[] {
  const test = process.env.LLM_ROUTER_TEST_RUNTIMES;
  return test ? (JSON.parse(test) as RuntimeSpec[]) : LOCAL_RUNTIMES;
}

/** A config the user may edit: the one in use, or a new user config copied from the shipped default. */
async function editableConfig(services: Services): Promise<{ file: string; created: boolean }> {
  // Run while the window starts, it would otherwise take "nothing read yet" for the shipped default.
  await services.config.firstLoad;
  if (services.config.path && services.config.path !== services.config.shippedPath()) return { file: services.config.path, created: false };
  const file = defaultUserConfigFile();
  const created = !existsSync(file);
  if (created) await services.config.copyShippedTo(file);
  return { file, created };
}

/** On in the config in use, with a model the server serves. */
function isOn(services: Services, f: FoundRuntime): boolean {
  const p = services.config.current?.providers.get(f.spec.provider);
  return !!p && !p.disabled && (!f.models.length || !p.defaultModel || f.models.includes(p.defaultModel));
}

async function pickServers(off: FoundRuntime[], turnOn?: 'all' | 'none'): Promise<FoundRuntime[]> {
  if (turnOn === 'all') return off;
  if (turnOn === 'none' || !off.length) return [];
  const detail = (f: FoundRuntime) => (f.models.length ? `serves ${f.models.slice(0, 4).join(', ')}${f.models.length > 4 ? ', …' : ''}` : 'no model listed');
  const items = off.map((f) => ({ label: f.spec.label, description: new URL(f.spec.base_url).host, detail: detail(f), picked: true, found: f }));
  const chosen = await vscode.window.showQuickPick(items, { title: 'LLM Router: turn on these local model servers in your routing config?', canPickMany: true, ignoreFocusOut: true });
  return chosen?.map((i) => i.found) ?? [];
}

/** Writes the picked servers into the editable config and reloads it; one log line per change. */
async function turnOn(services: Services, picked: FoundRuntime[]) {
  const { file, created } = await editableConfig(services);
  const uri = vscode.Uri.file(file);
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  const local = (name: string) => !!services.config.current?.providers.get(name)?.local || LOCAL_RUNTIMES.some((r) => r.provider === name);
  const servers = picked.map((f) => ({ provider: f.spec.provider, label: f.spec.label, type: f.spec.type, base_url: f.spec.base_url, models: f.models }));
  const result = turnOnLocalServers(text, servers, local);
  parseConfig(result.text, { file }); // never write a config that does not load (throws its positioned errors)
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(result.text));
  await services.config.reload();
  for (const c of result.changes) services.log.info(`walkthrough: ${c} in ${file}`);
  const names = picked.map((f) => f.spec.label).join(', ');
  void vscode.window
    .showInformationMessage(`LLM Router: turned on ${names} in your routing config ${file}${created ? ' (created from the shipped default)' : ''}.`, 'Open Config')
    .then((c) => c && vscode.window.showTextDocument(uri));
  return { configPath: file, changes: result.changes };
}

/** "LLM Router: Find Local Model Servers". `turnOn` skips the question (tests, scripts). */
export async function findLocalModels(services: Services, opts: { turnOn?: 'all' | 'none' } = {}) {
  const found = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'LLM Router: looking for local model servers on 127.0.0.1…' }, () =>
    findLocalRuntimes(runtimeTable()),
  );
  if (!found.length) {
    const where = runtimeTable().map((s) => `${s.label} (${new URL(s.base_url).port})`).join(', ');
    const choice = await vscode.window.showInformationMessage(`LLM Router: no local model server answered on 127.0.0.1: ${where}. Start one (for example \`ollama serve\`), or set an API key for a cloud provider.`, 'Set API Key');
    if (choice) void vscode.commands.executeCommand('llmRouter.setApiKey');
    return { found: [], turnedOn: [] as string[] };
  }
  const picked = await pickServers(found.filter((f) => !isOn(services, f)), opts.turnOn);
  const alreadyOn = found.filter((f) => isOn(services, f)).map((f) => f.spec.label);
  if (!picked.length) {
    if (alreadyOn.length) await setContext(CONTEXT.localModel, true);
    void vscode.window.showInformationMessage(`LLM Router: found ${found.map((f) => f.spec.label).join(', ')}${alreadyOn.length ? `; ${alreadyOn.join(', ')} already on` : ''}.`);
    return { found: found.map((f) => f.spec.provider), turnedOn: [] as string[] };
  }
  const written = await turnOn(services, picked);
  await setContext(CONTEXT.localModel, true);
  return { found: found.map((f) => f.spec.provider), turnedOn: picked.map((f) => f.spec.provider), ...written };
}
