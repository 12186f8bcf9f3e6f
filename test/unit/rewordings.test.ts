// Stability: a meaning-preserving rewording of a development prompt keeps its label. The rewordings in
// test/fixtures/rewordings were written before the classifier was fitted, and are never trained on.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classify } from '../../src/core/classify';
import { DEV_SET, devSkip, labelled, rewordings } from './helpers/evalSets';

describe('rewordings keep their label', () => {
  it('at least 40 rewordings, each of a different development prompt', () => {
    const rw = rewordings();
    assert.ok(rw.length >= 40, `${rw.length} rewordings`);
    assert.equal(new Set(rw.map((r) => r.of)).size, rw.length);
  });
  it('task type and complexity stay the same for ≥ 90% of them', { skip: devSkip }, () => {
    const byId = new Map(labelled(DEV_SET).map((i) => [i.case.id, i]));
    const flipped: string[] = [];
    const rw = rewordings();
    for (const r of rw) {
      const original = byId.get(r.of);
      assert.ok(original?.case.prompt, `${r.of} is a development case with a prompt`);
      const a = classify(original.input);
      const b = classify({ ...original.input, prompt: r.prompt });
      if (a.taskType !== b.taskType || a.complexity !== b.complexity) flipped.push(`${r.of}: ${a.complexity} ${a.taskType} → ${b.complexity} ${b.taskType} ("${r.prompt.slice(0, 60)}…")`);
    }
    const stable = (rw.length - flipped.length) / rw.length;
    console.log(`rewordings: ${rw.length - flipped.length}/${rw.length} keep their label (${(stable * 100).toFixed(1)}%)${flipped.length ? `\n  ${flipped.join('\n  ')}` : ''}`);
    assert.ok(stable >= 0.9, flipped.join('\n'));
  });
});
