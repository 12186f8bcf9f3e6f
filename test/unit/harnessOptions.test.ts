// The flags of the end-to-end runner (test/e2e/run.mjs) and of scripts/test-desktop.mjs, on node:util
// parseArgs: every flag in --help parses, each environment fallback holds, a flag beats its variable, and a
// bad flag is one clear line and exit 1.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ROOT } from './helpers/config';

type Options = Record<string, unknown> & { help: boolean };
interface Harness {
  RUN_HELP: string;
  DESKTOP_HELP: string;
  RUN_FLAGS: Record<string, unknown>;
  DESKTOP_FLAGS: Record<string, unknown>;
  runOptions(argv: string[], env?: Record<string, string>): Options;
  desktopOptions(argv: string[], env?: Record<string, string>): Options;
}
const load = async (): Promise<Harness> => import(pathToFileURL(join(ROOT, 'test', 'e2e', 'harness', 'options.mjs')).href);

/** Each flag the help lists, with a value that fits its placeholder (none for a switch). */
function flagsIn(help: string): string[][] {
  const sample: Record<string, string> = { 'host|ui': 'ui', M: 'dev', 'KEY=VALUE': 'A=b', SEC: '5', V: '1.104.0' };
  return [...help.matchAll(/^ {2}(?:-h, )?(--[a-z-]+)(?: (\S+))? {2,}/gm)].map(([, flag, arg]) => (arg ? [flag, sample[arg] ?? 'x'] : [flag]));
}

function run(script: string, ...args: string[]) {
  return spawnSync(process.execPath, [join(ROOT, script), ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, LLM_ROUTER_E2E_GREP: '' } });
}

describe('e2e runner flags (test/e2e/run.mjs)', () => {
  it('defaults, with nothing set', async () => {
    const { runOptions } = await load();
    const o = runOptions([], {});
    assert.deepEqual(
      { ...o, ext: undefined, workspace: undefined, artifacts: undefined },
      { help: false, ext: undefined, build: false, workspaceTrust: false, untrustedGrep: null, only: null, uiExtension: 'vsix', grep: null, env: {}, setup: null, workspace: undefined, artifacts: undefined, outDir: null, timeout: 900, uiTimeout: 180, totalTimeout: 3600, keep: false, verbose: false, runSetup: true },
    );
    assert.equal(o.ext, ROOT);
    assert.equal(o.artifacts, join(ROOT, 'test', 'e2e', 'artifacts'));
  });

  it('--help lists every flag, and each parses with a value that fits', async () => {
    const { runOptions, RUN_HELP, RUN_FLAGS } = await load();
    const flags = flagsIn(RUN_HELP);
    assert.deepEqual(flags.map((f) => f[0]).sort(), [...Object.keys(RUN_FLAGS), 'help'].map((k) => `--${k}`).sort());
    for (const f of flags) assert.doesNotThrow(() => runOptions(f, {}), f.join(' '));
    const o = runOptions(flags.filter((f) => f[0] !== '--help').flat(), {});
    assert.deepEqual([o.build, o.workspaceTrust, o.keep, o.verbose, o.runSetup, o.only, o.uiExtension, o.timeout, o.env], [true, true, true, true, false, 'ui', 'dev', 5, { A: 'b' }]);
    assert.equal(runOptions(['-h'], {}).help, true);
  });

  it('each variable stands in for its flag, and the flag wins', async () => {
    const { runOptions } = await load();
    const env = { LLM_ROUTER_E2E_EXT: '/tmp/ext', LLM_ROUTER_E2E_WORKSPACE_TRUST: '1', LLM_ROUTER_E2E_UNTRUSTED_GREP: 'U', LLM_ROUTER_E2E_UI_EXTENSION: 'dev', LLM_ROUTER_E2E_GREP: 'G' };
    const o = runOptions([], env);
    assert.deepEqual([o.ext, o.workspaceTrust, o.untrustedGrep, o.uiExtension, o.grep], ['/tmp/ext', true, 'U', 'dev', 'G']);
    const f = runOptions(['--ext', '/tmp/flag', '--untrusted-grep', 'u2', '--ui-extension', 'vsix', '--grep', 'g2'], env);
    assert.deepEqual([f.ext, f.untrustedGrep, f.uiExtension, f.grep], ['/tmp/flag', 'u2', 'vsix', 'g2']);
    assert.equal(runOptions([], { LLM_ROUTER_E2E_WORKSPACE_TRUST: '0' }).workspaceTrust, false);
    assert.deepEqual(runOptions(['--env', 'A=1', '--env', 'B=x=y'], {}).env, { A: '1', B: 'x=y' }, '--env repeats; the value may hold "="');
  });

  it('a bad flag or value is one clear error', async () => {
    const { runOptions } = await load();
    const cases: [string[], RegExp][] = [
      [['--bogus'], /^Unknown option '--bogus' \(see --help\)$/],
      [['stray'], /^Unexpected argument 'stray'\. This command does not take positional arguments \(see --help\)$/],
      [['--grep'], /--grep <value>' argument missing/],
      [['--only', 'both'], /^--only wants host or ui, got "both"$/],
      [['--ui-extension', 'zip'], /^--ui-extension wants vsix or dev/],
      [['--timeout', 'soon'], /^--timeout wants a number of seconds above 0, got "soon"$/],
      [['--total-timeout', '0'], /^--total-timeout wants a number of seconds/],
      [['--env', 'NOVALUE'], /^--env wants KEY=VALUE, got "NOVALUE"$/],
    ];
    for (const [argv, message] of cases) assert.throws(() => runOptions(argv, {}), (e: Error) => e.name === 'UsageError' && message.test(e.message), argv.join(' '));
  });

  it('the runner prints --help and exits 0; on an unknown flag it says so in one line and exits 1', () => {
    const help = run('test/e2e/run.mjs', '--help');
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /^Usage: node test\/e2e\/run\.mjs \[options\]/);
    assert.match(help.stdout, /--total-timeout SEC/);
    const bad = run('test/e2e/run.mjs', '--bogus');
    assert.equal(bad.status, 1);
    assert.equal(bad.stderr.trim(), "[e2e] Unknown option '--bogus' (see --help)");
    assert.equal(bad.stdout.trim(), '0 passed, 1 failed');
  });
});

describe('desktop runner flags (scripts/test-desktop.mjs)', () => {
  it('--help lists every flag and each parses; each variable stands in for its flag, and the flag wins', async () => {
    const { desktopOptions, DESKTOP_HELP, DESKTOP_FLAGS } = await load();
    const flags = flagsIn(DESKTOP_HELP);
    assert.deepEqual(flags.map((f) => f[0]), [...Object.keys(DESKTOP_FLAGS), 'help'].map((k) => `--${k}`));
    for (const f of flags) assert.doesNotThrow(() => desktopOptions(f, {}), f.join(' '));
    assert.deepEqual(desktopOptions([], {}), { help: false, version: 'stable', ext: ROOT, workspaceTrust: false, grep: null });
    const env = { VSCODE_VERSION: '1.104.0', LLM_ROUTER_E2E_EXT: '/tmp/ext', LLM_ROUTER_E2E_GREP: 'G' };
    assert.deepEqual(desktopOptions([], env), { help: false, version: '1.104.0', ext: '/tmp/ext', workspaceTrust: false, grep: 'G' });
    assert.deepEqual(desktopOptions(['--vscode-version', 'insiders', '--ext', '/tmp/x', '--workspace-trust', '--grep', 'g'], env), { help: false, version: 'insiders', ext: '/tmp/x', workspaceTrust: true, grep: 'g' });
    assert.throws(() => desktopOptions(['--version', '1'], {}), { name: 'UsageError', message: "Unknown option '--version' (see --help)" });
  });

  it('the script prints --help and exits 0; on an unknown flag it says so in one line and exits 1', () => {
    const help = run('scripts/test-desktop.mjs', '--help');
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /^Usage: node scripts\/test-desktop\.mjs \[options\]/);
    const bad = run('scripts/test-desktop.mjs', '--bogus');
    assert.equal(bad.status, 1);
    assert.equal(bad.stderr.trim(), "[test-desktop] Unknown option '--bogus' (see --help)");
    assert.equal(bad.stdout.trim(), '0 passed, 1 failed');
  });
});
