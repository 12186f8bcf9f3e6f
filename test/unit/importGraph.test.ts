// The import graph of src/ (type-only imports, re-exports and import() included): no circle, and no import
// that runs up a layer. The layers are written out in helpers/layers.ts; a new folder must be placed in one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ROOT } from './helpers/config';
import { LAYERS } from './helpers/layers';
import { importCircles, importGraph, layerViolations, readSources, sources } from './helpers/sourceChecks';

describe('the import graph of src/', () => {
  const graph = importGraph(readSources(ROOT));

  it('is read: every file is in it, with its imports', () => {
    assert.ok(graph.size > 100);
    assert.ok(graph.get('src/vscode/engine.ts')!.length > 5);
    assert.ok(graph.get('src/core/router.ts')!.includes('src/core/router/chain.ts'));
  });

  it('has no circle', () => {
    assert.deepEqual(importCircles(graph), []);
  });

  it('has no import that runs up a layer, and every file is in a layer', () => {
    assert.deepEqual(layerViolations(graph, LAYERS), []);
  });

  it('negative control: a circle through a type-only import, and a longer one, are caught', () => {
    const fixture = importGraph(sources({
      'src/core/a.ts': "import type { B } from './b';\nexport type A = B;\n",
      'src/core/b.ts': "export { a } from './a';\n",
      'src/core/c/x.ts': "import { y } from './y';\n",
      'src/core/c/y.ts': "const z = await import('../../core/c/z');\n",
      'src/core/c/z.ts': "import { x } from './x.js';\n",
      'src/core/c/self.ts': "import type { S } from './self';\n",
      'src/core/d.ts': "import { a } from './a';\n",
    }));
    assert.deepEqual(importCircles(fixture), [['src/core/a.ts', 'src/core/b.ts'], ['src/core/c/x.ts', 'src/core/c/y.ts', 'src/core/c/z.ts'], ['src/core/c/self.ts']]);
  });

  it('negative control: upward and sibling imports, and a file in no layer, are caught', () => {
    const fixture = importGraph(sources({
      'src/core/providers/health.ts': "import { timeoutsFor } from '../router/watchdog';\n",
      'src/core/router/watchdog.ts': "import type { ProviderInfo } from '../config/model';\n",
      'src/core/config/model.ts': "import type { Usage } from '../types';\n",
      'src/core/types.ts': '',
      'src/core/rules.ts': "import type { Decision } from './types';\n",
      'src/cli/main.ts': "import { log } from '../vscode/log';\n",
      'src/vscode/log.ts': "import type { X } from '../core/types';\n",
      'src/core/spend/budget.ts': "import { Cli } from '../../cli/main';\n",
      'src/newFolder/thing.ts': '',
    }));
    assert.deepEqual(layerViolations(fixture, LAYERS), [
      'src/core/providers/health.ts (core/providers) imports src/core/router/watchdog.ts (core/router): a higher layer',
      'src/cli/main.ts (cli) imports src/vscode/log.ts (vscode): a sibling layer',
      'src/core/spend/budget.ts (core/spend) imports src/cli/main.ts (cli): a higher layer',
      'src/newFolder/thing.ts belongs to no layer',
    ]);
  });
});
