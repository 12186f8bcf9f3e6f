// Commands the extension registers that package.json does not list (chat buttons and the end-to-end suite):
// activation stubs them with the contributed ones (src/vscode/shell.ts). A unit test checks the list is whole.
export const INTERNAL_COMMANDS = [
  'llmRouter._diagnostics',
  'llmRouter._statusBarText',
  'llmRouter._dashboardState',
  'llmRouter._test.chat',
  'llmRouter._test.inline',
  'llmRouter.chat.applyCode',
  'llmRouter.openConfigProblem',
];
