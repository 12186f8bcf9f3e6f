// Where the ledger lives for the CLI: --state-dir, else $LLM_ROUTER_STATE_DIR, else the OS's per-user state
// folder. (The extension passes its global storage folder instead.)
import { homedir } from 'node:os';
import { join, resolve, win32 } from 'node:path';

export interface StateDirInput {
  flag?: string;
  env?: Record<string, string | undefined>;
  cwd?: string;
  platform?: NodeJS.Platform;
  home?: string;
}

export const APP_DIR = 'llm-router';

export function resolveStateDir(input: StateDirInput = {}): string {
  const env = input.env ?? process.env;
  const cwd = input.cwd ?? process.cwd();
  const given = input.flag || env.LLM_ROUTER_STATE_DIR;
  if (given) return resolve(cwd, given);
  return defaultStateDir(input.platform ?? process.platform, env, input.home ?? homedir());
}

/** Linux & co: $XDG_STATE_HOME or ~/.local/state; macOS: ~/Library/Application Support; Windows: %LOCALAPPDATA%. */
export function defaultStateDir(platform: NodeJS.Platform, env: Record<string, string | undefined>, home: string): string {
  if (platform === 'win32') return win32.join(env.LOCALAPPDATA || win32.join(home, 'AppData', 'Local'), APP_DIR);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_DIR);
  const xdg = env.XDG_STATE_HOME;
  // XDG: a relative path is invalid and must be ignored.
  return join(xdg && xdg.startsWith('/') ? xdg : join(home, '.local', 'state'), APP_DIR);
}

/** The user's own routing config, when the editor writes one (Linux & co: $XDG_CONFIG_HOME or ~/.config). */
export function defaultUserConfigFile(platform: NodeJS.Platform = process.platform, env: Record<string, string | undefined> = process.env, home = homedir()): string {
  if (platform === 'win32') return win32.join(env.APPDATA || win32.join(home, 'AppData', 'Roaming'), APP_DIR, 'llm_routing.yaml');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_DIR, 'llm_routing.yaml');
  const xdg = env.XDG_CONFIG_HOME;
  return join(xdg && xdg.startsWith('/') ? xdg : join(home, '.config'), APP_DIR, 'llm_routing.yaml');
}
