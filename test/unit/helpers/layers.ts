// The layers of src/, lowest first (the README's "Architecture" shows the same list; a test keeps them equal).
import type { Layer } from './sourceChecks';

const layer = (name: string, ...paths: string[]): Layer => ({ name, paths });

/** Lowest first. A file imports its own layer and lower levels only; layers on one level never import each other. */
export const LAYERS: Layer[][] = [
  [layer('core leaves', 'src/core/types.ts', 'src/core/errors.ts', 'src/core/tokens.ts', 'src/core/stateDir.ts', 'src/core/input.ts', 'src/core/slices.ts', 'src/core/contextFit.ts', 'src/core/text.ts')],
  [layer('core/config', 'src/core/config/'), layer('core/runtimes', 'src/core/runtimes/')],
  [
    layer('core/providers', 'src/core/providers/'),
    layer('core/spend', 'src/core/spend/'),
    layer('core/privacy', 'src/core/privacy.ts', 'src/core/privacy/'),
    layer('core/classify', 'src/core/classify.ts', 'src/core/classify/'),
    layer('core/actions', 'src/core/actions/'),
    layer('core/rulesView', 'src/core/rulesView.ts'),
  ],
  [layer('core/catalogue', 'src/core/catalogue/')],
  [
    layer('core/rules', 'src/core/rules.ts'),
    layer('core/verify', 'src/core/verify.ts', 'src/core/verify/'),
    layer('core/feedback', 'src/core/feedback.ts'),
    layer('core/analysis', 'src/core/analysis.ts', 'src/core/analysisThread.ts'),
  ],
  [layer('core/eval', 'src/core/eval.ts', 'src/core/evalCv.ts'), layer('core/router/types (what goes in and out of the router)', 'src/core/router/types.ts')],
  [layer('core/cache', 'src/core/cache/')],
  [layer('core/router', 'src/core/router.ts', 'src/core/router/')],
  [layer('core/chat', 'src/core/chat/'), layer('core/inline', 'src/core/inline/'), layer('core/dashboard', 'src/core/dashboard/')],
  [layer('core/editorRequest', 'src/core/editorRequest.ts')],
  [layer('cli', 'src/cli/'), layer('vscode', 'src/vscode/'), layer('webview', 'src/webview/')],
  [layer('extension (activation)', 'src/extension.ts'), layer('analysis thread', 'src/analysisWorker.ts')],
];
