import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scan, traitsOf } from '../../src/core/classify/lexer';
import { analyzePrompt, intentOf, splitPrompt } from '../../src/core/classify/prompt';
import { braceDepth, codeSignals, indentDepth } from '../../src/core/classify/signals';

describe('lexer', () => {
  it('drops comments and blanks strings, keeping lines', () => {
    const s = scan('const a = "if (x) { mutex }"; // if while for\n/* Mutex\n lock */ b();', traitsOf('typescript'));
    assert.equal(s.code, 'const a = ""; \n\n b();');
    assert.equal(s.literals, 'if (x) { mutex }\n');
  });
  it('knows each family: # comments, -- comments, char literals and lifetimes, regex literals, triple quotes', () => {
    assert.equal(scan('x = 1  # if y\n', traitsOf('python')).code, 'x = 1  \n');
    assert.equal(scan('SELECT 1 -- where\n', traitsOf('sql')).code, 'SELECT 1 \n');
    assert.equal(scan("fn f<'a>(x: &'a str) -> char { 'x' }", traitsOf('rust')).code, "fn f<'a>(x: &'a str) -> char { \"\" }");
    const js = scan('const re = /a\\/b[/]c/g; const d = x / y / z;', traitsOf('javascript'));
    assert.equal(js.code, 'const re = ""; const d = x / y / z;');
    assert.equal(js.literals, 'a\\/b[/]c\n');
    assert.equal(scan('s = """one\nif two"""\nz', traitsOf('python')).code, 's = ""\n\nz');
  });
  it('prose has no code', () => {
    assert.equal(scan('# Title\nif this then that', traitsOf('markdown')).code, '');
  });
});

describe('code signals', () => {
  it('decision points: if / else if / for / while / case / catch / && / || / ?: — not in comments or strings', () => {
    const s = codeSignals(
      `function f(a, b) {
  // if if if
  const msg = "if && ||";
  if (a && b) return 1;
  else if (a || b) return 2;
  for (const x of a) while (x) x--;
  switch (b) { case 1: break; case 2: break; }
  try { g(); } catch (e) { h(); }
  return a ? b : 0;
}`,
      'javascript',
    );
    assert.equal(s.decisionPoints, 10);
  });
  it('nesting is relative to the selection, by braces or by indentation', () => {
    assert.equal(braceDepth('a { b { c } }'), 2);
    assert.equal(braceDepth("    x }\n  } else {\n y { z } }"), 2);
    assert.equal(indentDepth('        if x:\n            y()\n        z()'), 1);
    assert.equal(indentDepth('def f(a,\n        b):\n    if a:\n        return b'), 2);
    assert.equal(codeSignals('def f(x):\n    for y in x:\n        if y:\n            return y\n', 'python').nestingDepth, 3);
  });
  it('repetition: getters and setters share a shape', () => {
    const fields = ['a1', 'b2', 'c3', 'd4', 'e5', 'f6', 'g7', 'h8'];
    const text = fields.map((f) => `  get_${f}() {\n    return this.${f};\n  }\n  set_${f}(v) {\n    this.${f} = v;\n  }`).join('\n');
    const s = codeSignals(`class X {\n${text}\n}`, 'javascript');
    assert.ok(s.repetition > 0.7, String(s.repetition));
    assert.ok(s.distinctShapes <= 6, String(s.distinctShapes));
    assert.equal(s.functionCount, 16);
  });
  it('recursion is a call inside the function itself, not another object with the same method name', () => {
    assert.equal(codeSignals('function fact(n) {\n  return n <= 1 ? 1 : n * fact(n - 1);\n}', 'javascript').recursive, true);
    assert.equal(codeSignals('def walk(node):\n    for c in node.children:\n        walk(c)\n', 'python').recursive, true);
    assert.equal(codeSignals('class C:\n    def get(self, k):\n        return self._data.get(k)\n', 'python').recursive, false);
    assert.equal(codeSignals('def fetch(k)\n  @items.fetch(k)\nend\n\ndef ship(k)\n  fetch(k)\nend', 'ruby').recursive, false);
    assert.equal(codeSignals('impl Drop for Q {\n    fn drop(&mut self) {\n        drop(self.head);\n    }\n}', 'rust').recursive, false);
    assert.equal(codeSignals('class P {\n  expr(p: number): E {\n    return this.expr(p + 1);\n  }\n}', 'typescript').recursive, true);
  });
  it('imports are references to other files', () => {
    assert.equal(codeSignals('import os\nfrom a.b import c\nimport x.y as z\n\nprint(1)', 'python').imports, 3);
    assert.equal(codeSignals('package p\n\nimport (\n\t"fmt"\n\t"net/http"\n)\n\nfunc f() {}', 'go').imports, 2);
    assert.equal(codeSignals("import { a } from './a';\nconst b = require('b');\nuse(a, b);", 'typescript').imports, 2);
  });
  it('regex constructs are counted inside literals', () => {
    assert.ok(codeSignals("const r = /^(?:\\d{1,3}\\.){3}\\d{1,3}$/;", 'javascript').regexConstructs >= 5);
    assert.ok(codeSignals("r = re.compile(r'(?P<k>\\w+)=(?P<v>[^;]*?);')", 'python').regexConstructs >= 5);
    assert.equal(codeSignals('const s = "just words, not a regex";', 'javascript').regexConstructs, 0);
  });
  it('concurrency, lock-free and unsafe API names in the code, not in comments', () => {
    const go = codeSignals('func run() {\n\tvar wg sync.WaitGroup\n\tch := make(chan int)\n\tgo func() { ch <- 1 }()\n\tmu.Lock()\n}', 'go');
    assert.ok(go.concurrency.includes('WaitGroup') && go.concurrency.includes('chan') && go.concurrency.includes('go func'));
    assert.deepEqual(codeSignals('/* single-threaded; no Mutex needed */\nint f(void) { return 1; }', 'c').concurrency, []);
    const rs = codeSignals('let v = unsafe { (*p).next.load(Ordering::Acquire) };', 'rust');
    assert.deepEqual(rs.unsafe, ['unsafe']);
    assert.deepEqual(rs.lockFree, ['Ordering::Acquire']);
    assert.deepEqual(codeSignals('if (a.compareTo(b) < 0) { return Ordering.Less; }', 'java').lockFree, []);
  });
  it('security-sensitive code by category; weak randomness only next to secrets', () => {
    assert.deepEqual(codeSignals('token = "".join(random.choice(letters) for _ in range(8))', 'python').security, []);
    assert.deepEqual(codeSignals('reset_token = "".join(random.choice(letters) for _ in range(8))', 'python').security, ['credentials', 'weak randomness']);
    assert.deepEqual(codeSignals("const sig = createHmac('sha256', secret).update(body).digest('hex');", 'typescript').security, ['credentials', 'crypto']);
    assert.deepEqual(codeSignals('cur.execute(f"SELECT * FROM t WHERE id = {uid}")', 'python').security, ['injection']);
    assert.deepEqual(codeSignals('<p role="alert">{error}</p>', 'typescript').security, []);
  });
  it('clocks and timers', () => {
    assert.deepEqual(codeSignals('const t = setTimeout(run, 50); const now = Date.now();', 'javascript').timing, ['setTimeout', 'Date.now']);
    assert.deepEqual(codeSignals('await Task.Delay(_tick, ct); var now = DateTimeOffset.UtcNow;', 'csharp').timing, ['Task.Delay', 'DateTimeOffset.UtcNow']);
  });
  it('concurrency APIs of .NET, the JVM, Kotlin and C++ too', () => {
    assert.deepEqual(codeSignals('await _gate.WaitAsync(ct); _ = Task.Run(() => Loop(ct)); var d = new SemaphoreSlim(4);', 'csharp').concurrency.sort(), ['SemaphoreSlim', 'Task.Run']);
    assert.ok(codeSignals('runBlocking { withContext(Dispatchers.IO) { load() } }', 'kotlin').concurrency.includes('runBlocking'));
    assert.ok(codeSignals('std::condition_variable cv; auto f = std::async(work);', 'cpp').concurrency.includes('condition_variable'));
    // A parameter named like an actor model or a condition is no concurrency.
    assert.deepEqual(codeSignals('def apply(self, event, actor="system", condition=None):\n    return actor', 'python').concurrency, []);
  });
  it('a secret, signature or digest compared with plain equality (a timing leak), next to crypto or credentials only', () => {
    const leak = codeSignals("const mac = createHmac('sha256', secret).update(body).digest('hex');\nif (mac !== header) return false;", 'typescript');
    assert.deepEqual(leak.secretCompare, ['mac !== header']);
    const safe = codeSignals("const mac = createHmac('sha256', secret).update(body).digest('hex');\nreturn timingSafeEqual(Buffer.from(mac), Buffer.from(header));", 'typescript');
    assert.deepEqual(safe.secretCompare, []);
    assert.deepEqual(codeSignals('if token == "" or token is None:\n    raise AuthError(password)', 'python').secretCompare, []);
    assert.deepEqual(codeSignals('return hash == other.hash && name.equals(other.name);', 'java').secretCompare, [], 'no crypto, no credentials: an ordinary equals');
  });
  it('shared mutable state: the fields the code changes; a setter copying its parameter is not state', () => {
    const py = codeSignals('class Cache:\n    def put(self, k, v):\n        self._items[k] = v\n        self._hits += 1\n        self.order.append(k)\n    def size(self):\n        return len(self._items)', 'python');
    assert.equal(py.mutatedFields, 3);
    const setters = codeSignals('public void setName(String name) { this.name = name; }\npublic void setCity(String city) { this.city = city; }', 'java');
    assert.equal(setters.mutatedFields, 0);
    const bare = codeSignals('class Heap {\n  private int size;\n  private final List<Integer> items = new ArrayList<>();\n  void push(int x) { items.add(x); size++; }\n}', 'java');
    assert.equal(bare.mutatedFields, 2);
    assert.equal(codeSignals('SELECT a.id FROM a JOIN b ON b.id = a.id WHERE a.n = 1', 'sql').mutatedFields, 0);
  });
  it('collaborators: what the code calls through its own fields', () => {
    const go = codeSignals('func (h *Handler) Create(w http.ResponseWriter, r *http.Request) {\n\tu, err := h.store.Find(r.Context(), id)\n\thash := h.hasher.Hash(pw)\n\tw.WriteHeader(201)\n}', 'go');
    assert.equal(go.collaborators, 2);
    const java = codeSignals('class Orders {\n  private final Repo orders;\n  private final Mailer mail;\n  void place(Order o) { orders.save(o); mail.send(o.email()); }\n}', 'java');
    assert.equal(java.collaborators, 2);
    assert.equal(codeSignals('export const clamp = (x, lo, hi) => Math.min(hi, Math.max(lo, x));', 'javascript').collaborators, 0);
  });
  it('prose is not code', () => {
    const s = codeSignals('# Design\n\nWe will retry with backoff.\nIf it fails, we give up.\n', 'markdown');
    assert.equal(s.prose, true);
    assert.equal(s.decisionPoints, 0);
    assert.equal(s.codeLines, 3);
  });
  it('huge texts are sampled, with counts scaled', () => {
    const line = 'if (a && b) { x(); }\n';
    const s = codeSignals(line.repeat(10_000), 'c');
    assert.equal(s.lines, 10_000);
    assert.ok(Math.abs(s.decisionPoints - 20_000) < 200, String(s.decisionPoints));
  });
});

describe('prompt analysis', () => {
  it('splits pasted material from the instruction', () => {
    assert.deepEqual(splitPrompt('Summarize this traceback in one line:\nTraceback (most recent call last):\n  File "a.py"'), {
      instruction: 'Summarize this traceback in one line:',
      material: 'Traceback (most recent call last):\n  File "a.py"',
    });
    const inline = splitPrompt('Convert this to async/await: function load(p, cb) { fs.readFile(p, cb); }');
    assert.equal(inline.instruction, 'Convert this to async/await:');
    assert.match(inline.material, /^function load/);
    assert.equal(splitPrompt('rustc says `cannot borrow x as mutable` here. why?').instruction, 'rustc says  QUOTED  here. why?');
    const after = splitPrompt('x = [1, 2]\nfor i in x:\n    print(i)\nwhy does this print twice?');
    assert.equal(after.instruction, 'x = [1, 2]\nwhy does this print twice?');
  });
  it('requirement words by category; pasted material does not count', () => {
    const p = analyzePrompt('Refactor transfer so two opposite-direction transfers running concurrently cannot deadlock.', true);
    assert.deepEqual(p.hard, { concurrency: ['concurrently', 'deadlock'] });
    const q = analyzePrompt("tl;dr this please:\n09:50 root cause: missing index made the query seq-scan\n10:15 add timeouts and retries", false);
    assert.deepEqual(q.hard, {});
    assert.equal(analyzePrompt('Implement a lock-free SPSC queue with the right memory orderings', false).lowLevelConcurrency, true);
  });
  it('lists of three or more items; a trailing clause is not a list', () => {
    assert.deepEqual(analyzePrompt('log the method, path, status code and latency', false).moderate.list, ['4 items']);
    assert.equal(analyzePrompt('Rename x throughout this class, including its getter and setter.', true).moderate.list, undefined);
    assert.equal(analyzePrompt('make mean and median accept any iterable, not just arrays', true).moderate.list, undefined);
  });
  it('symptoms, and which of them are intermittent', () => {
    const a = analyzePrompt('Why does Run sometimes never close the channel?', true);
    assert.ok(a.symptom && a.intermittent);
    const b = analyzePrompt('Why is the sum of the shares wrong?', true);
    assert.ok(b.symptom && !b.intermittent);
    assert.equal(analyzePrompt('How does the parser handle precedence?', true).symptom, undefined);
  });
  it('a question about what a hard topic is asks for a definition: its words name the topic, not a requirement', () => {
    for (const q of ["what's a data race, in plain words?", 'In short: how is optimistic locking different from pessimistic locking?', 'what does idempotency mean for a queue consumer?']) {
      assert.equal(analyzePrompt(q, false).topicQuestion, true, q);
    }
    for (const q of ['make the queue consumer idempotent', "what's wrong with this lock?", 'why does the consumer deadlock?']) {
      assert.equal(analyzePrompt(q, false).topicQuestion, false, q);
    }
  });
  it('names written as code are identifiers, not requirement words', () => {
    assert.deepEqual(analyzePrompt('add throttle(fn, ms) with cancel() and pending()', false).hard, {});
    assert.deepEqual(analyzePrompt('add throttle(fn, ms) that can be cancelled', false).hard, { failure: ['cancelled'] });
  });
  it('failure-mode clauses: what must hold when a part fails', () => {
    assert.deepEqual(analyzePrompt('keep the ledger consistent even if the disk write fails halfway', true).hard.failure?.length, 2);
    assert.ok(analyzePrompt('a hung worker must not block the others', false).hard.failure);
    assert.ok(analyzePrompt('list the ways it could go wrong under a network split', true).hard.failure);
    assert.equal(analyzePrompt('remove the duplicated parsing code', true).hard.failure, undefined, 'duplicated code is no failure mode');
  });
  it('narrowing words narrow the deliverable, or focus the task', () => {
    assert.deepEqual(analyzePrompt('add a short docstring to each helper', true).narrow, ['short docstring']);
    assert.deepEqual(analyzePrompt('write tests, focus on the rounding rules', true).narrow, ['focus on']);
    assert.deepEqual(analyzePrompt('a script for a small team wiki', false).narrow, []);
    assert.deepEqual(analyzePrompt('fuzzy search that tolerates a typo or two', false).narrow, [], 'the domain, not the task');
    assert.deepEqual(analyzePrompt('fix the typo in the error message', true).narrow, ['fix the typo']);
  });
  it('a symptom is a bug to hunt in a debugging request; errors pasted to be summarized are material', () => {
    assert.ok(analyzePrompt("why don't the shares sum to the total?", true).symptom);
    assert.ok(analyzePrompt('When I resize the window twice, the layout jumps. Why?', true).symptom);
    assert.equal(analyzePrompt('Summarize this stack trace for the ticket:\nTraceback (most recent call last):\n  File "x.py"', false).symptom, undefined);
    assert.ok(analyzePrompt('why does this crash?\nTraceback (most recent call last):\n  File "x.py"', false).symptom);
  });
  it('the options of a labelling request are its answer space, not a list of requirements', () => {
    assert.equal(analyzePrompt('Label each ticket as bug, feature, question or chore:\n1. x\n2. y', false).moderate.list, undefined);
    assert.deepEqual(analyzePrompt('Write a parser for dates, times, durations and intervals', false).moderate.list, ['4 items']);
  });
  it('intent cues are taken from clause starts, after politeness', () => {
    assert.equal(intentOf('could you please write a small CLI that renames files', false).task, 'code_generation');
    assert.equal(intentOf('I need you to add tests for the date helpers', false).task, 'testing');
    assert.equal(intentOf('Postgres: query that returns the top 3 products per category', false).task, 'code_generation');
    assert.equal(intentOf('what are the pros and cons of an ORM here?', false).task, 'reasoning');
    assert.equal(intentOf("what's the difference between TCP and UDP?", false).task, 'chat');
    assert.equal(intentOf('In Kotlin, build a retrying HTTP client', false).task, 'code_generation');
    assert.equal(intentOf('Go: fetch three URLs at once and print their sizes', false).task, 'code_generation');
    assert.equal(intentOf('note: read the release notes before upgrading', false).task, 'chat');
  });
});
