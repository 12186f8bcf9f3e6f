import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classify, classifyWithModel, nestingDepth, type LocalIntentModel } from '../../src/core/classify';
import { countTokens } from '../../src/core/tokens';
import type { Complexity } from '../../src/core/types';

const SMALL = 'export const add = (a: number, b: number) => a + b;\n';
const BIG = Array.from({ length: 400 }, (_, i) => `function f${i}(x) {\n  if (x > ${i}) {\n    return x * ${i};\n  }\n  return x;\n}\n`).join('');
/** A plain data class: many fields, one getter and setter each. Long, and trivial. */
const GETTERS = (() => {
  const fields = ['name', 'email', 'phone', 'street', 'city', 'region', 'postcode', 'country', 'company', 'title', 'notes', 'owner', 'status', 'tier', 'source'];
  const cap = (s: string) => s[0].toUpperCase() + s.slice(1);
  return (
    'public class Contact {\n' +
    fields.map((f) => `    private String ${f};\n`).join('') +
    fields.map((f) => `\n    public String get${cap(f)}() {\n        return ${f};\n    }\n\n    public void set${cap(f)}(String ${f}) {\n        this.${f} = ${f};\n    }\n`).join('') +
    '}\n'
  );
})();

const LOCK_FREE_RS = `use std::sync::atomic::{AtomicUsize, Ordering};
pub struct Counter { hits: AtomicUsize }
impl Counter {
    pub fn bump_max(&self, seen: usize) {
        let mut cur = self.hits.load(Ordering::Relaxed);
        while seen > cur {
            match self.hits.compare_exchange_weak(cur, seen, Ordering::AcqRel, Ordering::Relaxed) {
                Ok(_) => return,
                Err(actual) => cur = actual,
            }
        }
    }
}`;

const DENSE_REGEX_PY = `import re
URL = re.compile(r'^(?P<scheme>https?)://(?:(?P<user>[^:@\\s]+)(?::(?P<pw>[^@\\s]*))?@)?(?P<host>[\\w.-]+|\\[[0-9a-fA-F:]+\\])(?::(?P<port>\\d{1,5}))?(?P<path>/[^?#\\s]*)?(?:\\?(?P<q>[^#\\s]*))?(?:#(?P<frag>\\S*))?$')
`;

const TOKEN_CHECK_PY = `import os
SECRET = os.environ.get("SERVICE_API_KEY", "")

def allowed(header: str) -> bool:
    return header.startswith("Bearer ") and header[7:] == SECRET
`;

describe('task type', () => {
  it('comes from the action for editor actions', () => {
    assert.equal(classify({ action: 'explain', text: SMALL }).taskType, 'reasoning');
    assert.equal(classify({ action: 'refactor', text: SMALL }).taskType, 'code_generation');
    assert.equal(classify({ action: 'tests', text: SMALL }).taskType, 'testing');
    assert.equal(classify({ action: 'docs', text: SMALL }).taskType, 'docs');
    assert.equal(classify({ action: 'summarize', text: SMALL }).taskType, 'summarization');
    assert.equal(classify({ action: 'generate', prompt: 'a parser' }).taskType, 'code_generation');
    assert.equal(classify({ action: 'inline', text: SMALL }).taskType, 'code_generation');
    // Even when the prompt asks for something else: the action decides.
    assert.equal(classify({ action: 'explain', text: SMALL, prompt: 'write tests for this' }).taskType, 'reasoning');
  });

  const chat = (prompt: string, text?: string) => classify({ action: 'chat', prompt, text }).taskType;
  it('comes from the intent of the prompt for chat', () => {
    assert.equal(chat('hi, how are you today?'), 'chat');
    assert.equal(chat('Write a function that parses ISO dates'), 'code_generation');
    assert.equal(chat('Why does this deadlock under load?'), 'reasoning');
    assert.equal(chat('Summarize this file for me'), 'summarization');
    assert.equal(chat('Just yes or no: can this deadlock?'), 'classification');
    assert.equal(chat('Write unit tests for the parser'), 'testing');
    assert.equal(chat('Add docstrings to these functions'), 'docs');
    assert.equal(classify({ action: 'ask', prompt: 'Write unit tests for the parser' }).taskType, 'testing');
  });
  it('the deliverable decides when a prompt fits several intents', () => {
    assert.equal(chat('Design and implement a rate limiter for our API gateway'), 'code_generation');
    assert.equal(chat('Answer yes or no: is this function thread-safe?'), 'classification');
    assert.equal(chat('can you make this faster?', 'for (const x of xs) for (const y of ys) out.push(f(x, y));'), 'code_generation');
    assert.equal(chat('Write a README section explaining how the cache works'), 'docs');
    assert.equal(chat('Label each of these as bug or feature: crash on save, dark mode, slow startup'), 'classification');
    assert.equal(chat('Create a CI workflow that runs the tests on every push'), 'code_generation');
  });
  it('casual talk that mentions code words stays chat; definitions are general questions', () => {
    assert.equal(chat('finally fixed that race condition after two days 🎉'), 'chat');
    assert.equal(chat('morning! ready for another day of debugging?'), 'chat');
    assert.equal(chat("what's a monad?"), 'chat');
    assert.equal(chat('Could you write an email to my team about the outage?'), 'chat');
  });
  it('pasted material never decides the intent', () => {
    assert.equal(chat("Summarize this in one line: 'Please write unit tests for the new parser and fix the flaky ones.'"), 'summarization');
    assert.equal(chat('tl;dr this log please:\n10:01 deploy started\n10:02 write tests job failed\n10:03 rollback'), 'summarization');
    assert.equal(chat('Convert this to async/await: function load(p, cb) { fs.readFile(p, cb); }'), 'code_generation');
  });
  it('problem words ask for debugging only about the user own code or system', () => {
    assert.equal(chat('my build fails with "module not found", help'), 'reasoning');
    assert.equal(chat('Write a haiku about segfaults'), 'chat');
  });
});

describe('complexity', () => {
  const cx = (input: Parameters<typeof classify>[0]) => classify(input).complexity;
  /** Expected level under the model's probabilities: 0 simple … 2 complex. */
  const level = (input: Parameters<typeof classify>[0]) => {
    const p = classify(input).probabilities!;
    return p.medium + 2 * p.complex;
  };

  it('a one-liner is simple', () => {
    assert.equal(cx({ action: 'explain', text: SMALL, language: 'typescript' }), 'simple');
  });
  it('length is not difficulty: long getters and setters stay simple', () => {
    const c = classify({ action: 'explain', text: GETTERS, language: 'java' });
    assert.ok(c.signals.lines > 100);
    assert.ok((c.signals.repetition as number) > 0.6);
    assert.equal(c.complexity, 'simple');
  });
  it('more real logic raises the expected level', () => {
    const selection = (n: number) => BIG.split('\n').slice(0, n).join('\n');
    const varied = Array.from({ length: 60 }, (_, i) => `function g${i}(a, b) {\n  ${['if (a > b) return a - b;', 'for (const x of a) b.push(x);', 'while (a.length) b += a.pop();', 'return a && b ? a : b;'][i % 4]}\n  ${i % 3 ? 'b = a' : 'a = b'} ${'+-*'[i % 3]} ${i};\n}\n`).join('');
    assert.ok(level({ action: 'explain', text: varied, language: 'javascript' }) > level({ action: 'explain', text: selection(6), language: 'javascript' }));
  });
  it('short but tricky code is complex: lock-free atomics, dense regexes', () => {
    assert.equal(cx({ action: 'explain', text: LOCK_FREE_RS, language: 'rust' }), 'complex');
    assert.equal(cx({ action: 'tests', text: LOCK_FREE_RS, language: 'rust' }), 'complex');
    assert.equal(cx({ action: 'explain', text: DENSE_REGEX_PY, language: 'python' }), 'complex');
  });
  it('the prompt counts: a security or concurrency requirement raises the label, even on small code', () => {
    // The check compares a secret with `==` (a timing leak: tricky code even unasked, labelling rule 1); asking
    // whether an attacker gets past it raises it further.
    const unasked = level({ action: 'explain', text: TOKEN_CHECK_PY, language: 'python' });
    const c = classify({ action: 'explain', text: TOKEN_CHECK_PY, language: 'python', prompt: 'Can an attacker get past this check of our API token?' });
    assert.ok(c.probabilities!.medium + 2 * c.probabilities!.complex > unasked);
    assert.equal(c.complexity, 'complex');
    assert.ok(c.signals.intentWords.includes('api token'));
    const plain = level({ action: 'refactor', text: SMALL });
    assert.ok(level({ action: 'refactor', text: SMALL, prompt: 'make it safe to call from many threads concurrently' }) > plain);
    assert.ok(level({ action: 'refactor', text: SMALL, prompt: 'close the injection hole an attacker could use' }) > plain);
  });
  it('narrowing words lower it', () => {
    const text = BIG.slice(0, 2000);
    const plain = level({ action: 'docs', text, language: 'javascript', prompt: 'comment on f3' });
    const narrowed = classify({ action: 'docs', text, language: 'javascript', prompt: 'just a brief one-line comment on f3' });
    assert.ok(narrowed.probabilities!.medium + 2 * narrowed.probabilities!.complex < plain);
    assert.ok(narrowed.signals.intentWords.includes('brief one-line'));
    // A size word narrows the deliverable, not the subject: "a small CLI" is no narrower than "a CLI".
    const subject = classify({ action: 'docs', text, language: 'javascript', prompt: 'write a README for this small CLI' });
    assert.ok(!subject.signals.intentWords.some((w) => w.includes('small')), String(subject.signals.intentWords));
  });
  it('asking what a hard topic is stays simple; the same topic as a requirement raises the label', () => {
    assert.equal(cx({ action: 'chat', prompt: "what's a deadlock, in a line or two?" }), 'simple');
    assert.equal(cx({ action: 'chat', prompt: 'what is a timing attack?' }), 'simple');
    assert.notEqual(cx({ action: 'refactor', text: TOKEN_CHECK_PY, language: 'python', prompt: 'close the timing attack in this check' }), 'simple');
  });
  it('two steps: each signal pushes simple → medium and medium → complex by its own amount, and the reason says which', () => {
    const c = classify({ action: 'explain', text: LOCK_FREE_RS, language: 'rust' });
    const up = c.signals.contributions as Record<string, number>;
    const top = c.signals.complexContributions as Record<string, number>;
    assert.deepEqual(Object.keys(up).sort(), Object.keys(top).sort());
    assert.ok(top['code.tricky'] > 0);
    assert.equal(c.complexity, 'complex');
    assert.match(c.reason, /lock-free\/atomic code/);
  });
  it('only the selection counts: a small selection from a big file is judged on itself', () => {
    const selection = BIG.split('\n').slice(0, 6).join('\n');
    assert.equal(cx({ action: 'explain', text: selection, language: 'javascript' }), 'simple');
  });
  it('summarize follows input size: more than 32k tokens, or 1500+ generated lines, is complex', () => {
    const huge = 'The quick brown fox jumps over the lazy dog. '.repeat(4000);
    const c = classify({ action: 'summarize', text: huge, language: 'plaintext' });
    assert.ok(c.contextTokens > 32_000);
    assert.equal(c.complexity, 'complex');
    const table = Array.from({ length: 1600 }, (_, i) => `    ("K${i}", ${i}, ${i % 7}),`).join('\n');
    const t = classify({ action: 'summarize', text: `ROWS = [\n${table}\n]\n`, language: 'python' });
    assert.ok(t.contextTokens < 32_000);
    assert.equal(t.complexity, 'complex');
    assert.match(t.reason, /long input/);
    assert.equal(cx({ action: 'summarize', text: '# Notes\n- ship on Monday\n- ask design about the empty state\n', language: 'markdown' }), 'simple');
    // …and the same table explained line by line is long but trivial.
    assert.notEqual(cx({ action: 'explain', text: table, language: 'python' }), 'complex');
  });
  it('generate: the prompt is the specification, the file only context', () => {
    assert.equal(cx({ action: 'generate', text: BIG, language: 'javascript', prompt: 'add clamp(x, lo, hi)' }), 'simple');
    assert.equal(
      cx({ action: 'generate', text: SMALL, prompt: 'add a cache shared by many threads that computes each missing key only once, without races or deadlocks, and stays correct when a computation fails' }),
      'complex',
    );
  });
  it('errors the editor reports in the code raise the expected level (a stated prior: the data has none)', () => {
    assert.equal(cx({ action: 'chat', prompt: 'Why is 0.1 + 0.2 not 0.3?' }), 'simple');
    const text = BIG.slice(0, 600);
    const base = classify({ action: 'explain', text, language: 'javascript' });
    const broken = classify({ action: 'explain', text, language: 'javascript', diagnostics: 7 });
    assert.ok(broken.probabilities!.complex > base.probabilities!.complex);
    assert.match(broken.reason, /7 diagnostics in the code/);
  });
  it('the quality dial: a higher setting never lowers the level, and the ends reach both extremes', () => {
    const rank: Record<Complexity, number> = { simple: 0, medium: 1, complex: 2 };
    const inputs = [
      { action: 'explain' as const, text: SMALL },
      { action: 'explain' as const, text: TOKEN_CHECK_PY, language: 'python' },
      { action: 'refactor' as const, text: BIG.slice(0, 3000), language: 'javascript' },
      { action: 'chat' as const, prompt: 'How should we shard the orders table across regions?' },
    ];
    const seen = new Set<Complexity>();
    for (const input of inputs) {
      let prev = -1;
      for (let q = 0; q <= 10; q++) {
        const c = classify(input, { quality: q });
        assert.ok(rank[c.complexity] >= prev, `quality ${q} lowered ${JSON.stringify(input).slice(0, 40)}`);
        prev = rank[c.complexity];
        seen.add(c.complexity);
      }
    }
    assert.equal(seen.size, 3);
  });
  it('reports probabilities, a one-sentence reason and a confidence', () => {
    const c = classify({ action: 'explain', text: SMALL });
    assert.match(c.reason, /^reasoning from action explain; simple \(\d+%\): [^.]+\.$/);
    assert.ok(c.confidence > 0 && c.confidence <= 1);
    const p = c.probabilities!;
    assert.ok(Math.abs(p.simple + p.medium + p.complex - 1) < 0.01);
    const l = classify({ action: 'explain', text: LOCK_FREE_RS, language: 'rust' });
    assert.match(l.reason, /^reasoning from action explain; complex \(\d+%\): .*lock-free\/atomic code \(/);
  });
  it('counts context tokens with the BPE tokenizer: text, prompt and extra context', () => {
    const c = classify({ action: 'explain', text: SMALL, prompt: 'why?', extraContextTokens: 100 });
    assert.equal(c.contextTokens, countTokens(SMALL) + countTokens('why?') + 100);
  });
  // A backtracking regex would take minutes on these: the test's limit (about 100× a normal run) stops it.
  // The timings themselves are in bench/classify.bench.ts.
  it('has no pathological slow path', { timeout: 60_000 }, () => {
    // Inputs that make naive regexes backtrack: long lines without the closing token they look for.
    const inputs = [
      { action: 'explain' as const, text: BIG.slice(0, 6000), language: 'javascript', prompt: 'why does this sometimes return the wrong value?' },
      { action: 'explain' as const, text: 'x = ' + '('.repeat(5000) + '\n' + 'a, '.repeat(3000), language: 'python' },
      { action: 'chat' as const, prompt: 'write ' + 'a, b and c, '.repeat(400) + 'why' },
      { action: 'chat' as const, prompt: 'Why does ' + 'it not '.repeat(2000) + '?' },
      { action: 'chat' as const, prompt: 'word, '.repeat(5000) },
      { action: 'refactor' as const, text: 'const f = (' + 'a: string, '.repeat(2000) + ') => 1;', language: 'typescript' },
    ];
    for (const input of inputs) assert.ok(classify(input).complexity);
  });
});

describe('legacy nestingDepth', () => {
  it('still measures brackets and indentation', () => {
    assert.equal(nestingDepth('a'), 0);
    assert.equal(nestingDepth('f(g([1]))'), 3);
    assert.equal(nestingDepth('if x:\n    if y:\n        z()'), 2);
  });
});

describe('classifyWithModel', () => {
  const AMBIGUOUS = 'hmm so about the thing from the standup yesterday, the one with the numbers and the other team, thoughts on that';
  const model = (answer: Awaited<ReturnType<LocalIntentModel['classify']>> | Error) => {
    const calls: string[] = [];
    const m: LocalIntentModel = {
      classify: async (prompt) => {
        calls.push(prompt);
        if (answer instanceof Error) throw answer;
        return answer;
      },
    };
    return { m, calls };
  };

  it('the prompt is ambiguous to the heuristics', () => {
    assert.ok(classify({ action: 'chat', prompt: AMBIGUOUS }).confidence < 0.6);
  });
  it('asks the local model only for ambiguous chat prompts, and uses its answer', async () => {
    const { m, calls } = model({ taskType: 'reasoning', complexity: 'medium' });
    const c = await classifyWithModel({ action: 'chat', prompt: AMBIGUOUS }, m, { threshold: 0.6 });
    assert.deepEqual(calls, [AMBIGUOUS]);
    assert.equal(c.taskType, 'reasoning');
    assert.equal(c.complexity, 'medium');
    assert.match(c.reason, /^medium reasoning from the local model \(the classifier was unsure: /);
    const own = classify({ action: 'chat', prompt: AMBIGUOUS });
    assert.deepEqual((c.signals.model as { classifier: unknown }).classifier, { taskType: own.taskType, complexity: own.complexity });
  });
  it('never asks for confident prompts or editor actions', async () => {
    const { m, calls } = model({ taskType: 'docs', complexity: 'complex' });
    const sure = await classifyWithModel({ action: 'chat', prompt: 'Write unit tests for the parser' }, m, { threshold: 0.3 });
    assert.equal(sure.taskType, 'testing');
    const editor = await classifyWithModel({ action: 'explain', text: SMALL, prompt: AMBIGUOUS }, m, { threshold: 1 });
    assert.equal(editor.taskType, 'reasoning');
    assert.deepEqual(calls, []);
    assert.deepEqual(await classifyWithModel({ action: 'chat', prompt: AMBIGUOUS }, undefined), classify({ action: 'chat', prompt: AMBIGUOUS }));
  });
  it('a failing or off-label model leaves the heuristic answer', async () => {
    const heuristic = classify({ action: 'chat', prompt: AMBIGUOUS });
    const failed = await classifyWithModel({ action: 'chat', prompt: AMBIGUOUS }, model(new Error('connection refused')).m);
    assert.equal(failed.taskType, heuristic.taskType);
    assert.match(String(failed.signals.model), /^failed: connection refused/);
    const odd = await classifyWithModel({ action: 'chat', prompt: AMBIGUOUS }, model({ taskType: 'poetry' as 'chat', complexity: 'simple' }).m);
    assert.equal(odd.taskType, heuristic.taskType);
    assert.equal(odd.signals.model, 'no usable answer');
    const none = await classifyWithModel({ action: 'chat', prompt: AMBIGUOUS }, model(undefined).m);
    assert.equal(none.complexity, heuristic.complexity);
  });
  it('an abort is not a failure: it propagates', async () => {
    const ac = new AbortController();
    ac.abort();
    const aborting: LocalIntentModel = { classify: async () => Promise.reject(new Error('aborted')) };
    await assert.rejects(classifyWithModel({ action: 'chat', prompt: AMBIGUOUS }, aborting, { signal: ac.signal }), /aborted/);
  });
});
