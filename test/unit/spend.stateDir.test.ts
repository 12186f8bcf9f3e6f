// Where the CLI keeps the ledger: --state-dir, else $LLM_ROUTER_STATE_DIR, else the OS's per-user state folder.
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { resolveStateDir } from '../../src/core/stateDir';

describe('resolveStateDir', () => {
  const home = '/home/ada';
  it('--state-dir wins, then LLM_ROUTER_STATE_DIR; relative paths are from the cwd', () => {
    const env = { LLM_ROUTER_STATE_DIR: '/env/state', XDG_STATE_HOME: '/xdg' };
    assert.equal(resolveStateDir({ flag: 'st', env, cwd: '/work', platform: 'linux', home }), resolve('/work', 'st'));
    assert.equal(resolveStateDir({ env, cwd: '/work', platform: 'linux', home }), resolve('/env/state'));
  });

  it('Linux: $XDG_STATE_HOME/llm-router, else ~/.local/state/llm-router (a relative XDG path is ignored)', () => {
    assert.equal(resolveStateDir({ env: { XDG_STATE_HOME: '/xdg' }, platform: 'linux', home }), join('/xdg', 'llm-router'));
    assert.equal(resolveStateDir({ env: {}, platform: 'linux', home }), join(home, '.local', 'state', 'llm-router'));
    assert.equal(resolveStateDir({ env: { XDG_STATE_HOME: 'rel' }, platform: 'freebsd', home }), join(home, '.local', 'state', 'llm-router'));
  });

  it('macOS: ~/Library/Application Support/llm-router', () => {
    assert.equal(resolveStateDir({ env: { XDG_STATE_HOME: '/xdg' }, platform: 'darwin', home: '/Users/ada' }), join('/Users/ada', 'Library', 'Application Support', 'llm-router'));
  });

  it('Windows: %LOCALAPPDATA%\\llm-router', () => {
    assert.equal(resolveStateDir({ env: { LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local' }, platform: 'win32', home: 'C:\\Users\\ada' }), 'C:\\Users\\ada\\AppData\\Local\\llm-router');
    assert.equal(resolveStateDir({ env: {}, platform: 'win32', home: 'C:\\Users\\ada' }), 'C:\\Users\\ada\\AppData\\Local\\llm-router');
  });
});
