// The editor classifies what the user gave: the code, the action and the user's own instruction, never the
// action's prompt template. For every development case with an editor action, the classification through the
// editor's request path (the builders runRouted's callers use, then Router.plan) equals the one `eval` computes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { editorActionRequest, generateRequest } from '../../src/core/editorRequest';
import { classify } from '../../src/core/classify';
import { Router } from '../../src/core/router';
import type { RouterRequest } from '../../src/core/router';
import type { LabelledInput } from '../../src/core/eval';
import { shipped } from './helpers/config';
import { DEV_SET, devSkip, labelled } from './helpers/evalSets';

/** The request the editor makes for an eval case: the same builder and inputs as src/vscode/actions and generateHere. */
function editorRequestOf({ case: c, input }: LabelledInput): RouterRequest | undefined {
  const code = input.text ?? '';
  if (c.action === 'generate') {
    const lines = code.split('\n');
    const at = (c.lines?.[0] ?? lines.length) - 1;
    return generateRequest({
      instruction: c.prompt ?? '',
      language: c.language,
      fileName: c.file ?? undefined,
      before: lines.slice(Math.max(0, at - 60), at).join('\n') + '\n',
      after: lines.slice(at, at + 20).join('\n'),
      document: code,
    });
  }
  if (c.action === 'chat' || c.action === 'inline') return undefined;
  return editorActionRequest({ action: c.action, code, language: c.language, fileName: c.file ?? undefined, prompt: c.prompt ?? undefined });
}

describe('the editor classifies what the user gave', () => {
  it('an editor action without an instruction classifies no prompt, whatever its template says', () => {
    const router = new Router({ config: shipped() });
    const req = editorActionRequest({ action: 'summarize', code: 'export const one = 1;\n', language: 'typescript', fileName: 'one.ts' });
    assert.match(req.messages[1].content, /bullet points/, 'the template is sent to the model');
    const c = router.plan(req).classification!;
    assert.deepEqual(c.signals.intentWords, []);
    assert.equal(c.complexity, classify({ action: 'summarize', text: 'export const one = 1;\n', language: 'typescript' }, { quality: router.quality() }).complexity);
  });
  it('chat and API requests without a prompt field are classified by their last user message', () => {
    const router = new Router({ config: shipped() });
    const c = router.plan({ messages: [{ role: 'user', content: 'Write unit tests for the date parser' }], files: [] }).classification!;
    assert.equal(c.taskType, 'testing');
  });
  it('every development case with an editor action: the editor request path classifies as eval does', { skip: devSkip }, () => {
    const router = new Router({ config: shipped() });
    const quality = router.quality();
    let checked = 0;
    const differ: string[] = [];
    for (const item of labelled(DEV_SET)) {
      const req = editorRequestOf(item);
      if (!req) continue;
      checked++;
      const viaEditor = router.plan(req).classification!;
      const viaEval = classify(item.input, { quality });
      if (viaEditor.taskType !== viaEval.taskType || viaEditor.complexity !== viaEval.complexity || JSON.stringify(viaEditor.probabilities) !== JSON.stringify(viaEval.probabilities)) {
        differ.push(`${item.case.id}: editor ${viaEditor.complexity} ${viaEditor.taskType}, eval ${viaEval.complexity} ${viaEval.taskType}`);
      }
    }
    assert.ok(checked >= 100, `${checked} editor cases`);
    assert.deepEqual(differ, []);
  });
  it('Generate Code Here says it needs to be fast', () => {
    assert.equal(generateRequest({ instruction: 'add clamp', language: 'typescript', before: '', after: '', document: '' }).requireFast, true);
  });
});
