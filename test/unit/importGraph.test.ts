// The import graph of src/ (type-only imports, re-exports and import() included): no circle, and no import
// that runs up a layer. The layers are written out here; a new folder must be placed in one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ROOT } from './helpers/config';
import { importCircles, importGraph, layerViolations, readSources, type Layer } from './helpers/sourceChecks';

const layer = (name: string, ...paths: string[]): Layer => ({ name, paths });

/** Lowest first. A file imports its own layer and lower levels only; layers on one level never import each other. */
export const LAYERS: Layer[][] = [
  [layer('core leaves', 'src/core/types.ts', 'src/core/errors.ts', 'src/core/tokens.ts', 'src/core/stateDir.ts')],
  [layer('core/config', 'src/core/config/')],
  [
    layer('core/providers', 'src/core/providers/'),
    layer('core/spend', 'src/core/spend/'),
    layer('core/privacy', 'src/core/privacy.ts', 'src/core/privacy/'),
    layer('core/classify', 'src/core/classify.ts', 'src/core/classify/'),
    layer('core/actions', 'src/core/actions/'),
    layer('core/rulesView', 'src/core/rulesView.ts'),
  ],
  [layer('core/rules', 'src/core/rules.ts'), layer('core/verify', 'src/core/verify.ts'), layer('core/feedback', 'src/core/feedback.ts')],
  [layer('core/eval', 'src/core/eval.ts'), layer('core/router/types (what goes in and out of the router)', 'src/core/router/types.ts')],
  [layer('core/cache', 'src/core/cache/')],
  [layer('core/router', 'src/core/router.ts', 'src/core/router/')],
  [layer('core/chat', 'src/core/chat/'), layer('core/inline', 'src/core/inline/'), layer('core/dashboard', 'src/core/dashboard/')],
  [layer('cli', 'src/cli/'), layer('vscode', 'src/vscode/'), layer('webview', 'src/webview/')],
  [layer('extension (composition root)', 'src/extension.ts')],
];

describe('the import graph of src/', () => {
  const graph = importGraph(readSources(ROOT));

  it('is read: every file is in it, with its imports', () => {
    assert.ok(graph.size > 100);
    assert.ok(graph.get('src/extension.ts')!.length > 5);
    assert.ok(graph.get('src/core/router.ts')!.includes('src/core/router/chain.ts'));
  });

  it('has no circle', () => {
    assert.deepEqual(importCircles(graph), []);
  });

  it('has no import that runs up a layer, and every file is in a layer', () => {
    assert.deepEqual(layerViolations(graph, LAYERS), []);
  });

  it('negative control: a circle through a type-only import, and a longer one, are caught', () => {
    const fixture = importGraph([
      { path: 'src/core/a.ts', text: "import type { B } from './b';\nexport type A = B;\n" },
      { path: 'src/core/b.ts', text: "export { a } from './a';\n" },
      { path: 'src/core/c/x.ts', text: "import { y } from './y';\n" },
      { path: 'src/core/c/y.ts', text: "const z = await import('../../core/c/z');\n" },
      { path: 'src/core/c/z.ts', text: "import { x } from './x.js';\n" },
      { path: 'src/core/c/self.ts', text: "import type { S } from './self';\n" },
      { path: 'src/core/d.ts', text: "import { a } from './a';\n" },
    ]);
    assert.deepEqual(importCircles(fixture), [['src/core/a.ts', 'src/core/b.ts'], ['src/core/c/x.ts', 'src/core/c/y.ts', 'src/core/c/z.ts'], ['src/core/c/self.ts']]);
  });

  it('negative control: upward and sibling imports, and a file in no layer, are caught', () => {
    const fixture = importGraph([
      { path: 'src/core/providers/health.ts', text: "import { timeoutsFor } from '../router/watchdog';\n" },
      { path: 'src/core/router/watchdog.ts', text: "import type { ProviderInfo } from '../config/model';\n" },
      { path: 'src/core/config/model.ts', text: "import type { Usage } from '../types';\n" },
      { path: 'src/core/types.ts', text: '' },
      { path: 'src/core/rules.ts', text: "import type { Decision } from './types';\n" },
      { path: 'src/cli/main.ts', text: "import { log } from '../vscode/log';\n" },
      { path: 'src/vscode/log.ts', text: "import type { X } from '../core/types';\n" },
      { path: 'src/core/spend/budget.ts', text: "import { Cli } from '../../cli/main';\n" },
      { path: 'src/newFolder/thing.ts', text: '' },
    ]);
    assert.deepEqual(layerViolations(fixture, LAYERS), [
      'src/core/providers/health.ts (core/providers) imports src/core/router/watchdog.ts (core/router): a higher layer',
      'src/cli/main.ts (cli) imports src/vscode/log.ts (vscode): a sibling layer',
      'src/core/spend/budget.ts (core/spend) imports src/cli/main.ts (cli): a higher layer',
      'src/newFolder/thing.ts belongs to no layer',
    ]);
  });
});
