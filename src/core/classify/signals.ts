// Measurable properties of the code a request is about. Every figure is cheap (linear regex passes over
// at most ANALYZE_LIMIT characters) and language-tolerant: the scanner drops comments and string bodies
// first, so words in comments ("single-threaded") or strings never count as code.
import { scan, traitsOf } from './lexer';

export interface CodeSignals {
  lines: number;
  /** Non-blank lines that are more than punctuation (`}`, `);`, `end`). */
  codeLines: number;
  /** Distinct line shapes (identifiers, numbers and strings abstracted): how many lines say something new. */
  distinctShapes: number;
  /** 0..1: share of code lines whose shape repeats another's (getters/setters, tables, generated code). */
  repetition: number;
  /** Decision points: if / else if / for / while / case / catch / && / || / ?: (cyclomatic complexity − 1). */
  decisionPoints: number;
  /** Deepest block nesting, relative to the selection's own outer level. */
  nestingDepth: number;
  functionCount: number;
  /** Distinct identifiers (keywords excluded). */
  symbolCount: number;
  /** A function defined in the text calls itself inside its own body. */
  recursive: boolean;
  /** Import / include / use / require statements: references to other files. */
  imports: number;
  /** Collaborators the code calls through its own fields (`this.store.get(…)`, `h.hasher.Hash(…)`): what tests must fake. */
  collaborators: number;
  /** The object's fields the code changes (`this.x =`, `self.n += 1`, `s.m[k] = v`, `self.items.append(…)`). */
  mutatedFields: number;
  /** Regex constructs (`\d`, `(?:`, `[^`, `{2,5}`, lazy quantifiers…) inside string and regex literals. */
  regexConstructs: number;
  /** API names found in the code, by kind. */
  lockFree: string[];
  unsafe: string[];
  concurrency: string[];
  /** Clocks and timers: code whose tests need a fake clock. */
  timing: string[];
  /** Security-sensitive categories present: credentials, crypto, authz, injection sinks. */
  security: string[];
  /** Secrets, signatures or digests compared with `==`/`equals` next to crypto or credentials: a timing leak. */
  secretCompare: string[];
  /** Markdown / plain text: prose, not code. */
  prose: boolean;
}

/** Structure is measured on at most this many characters; counts are scaled up past it. */
export const ANALYZE_LIMIT = 32_000;
/** Recursion is looked for in selections up to this size (one regex per defined name). */
const RECURSION_LIMIT = 20_000;

const KEYWORDS = new Set(
  (
    'if else elif elsif for foreach while do until unless loop switch case when default break continue return yield await async ' +
    'function func fn def fun sub class struct enum interface trait impl type typedef union namespace module package import from export ' +
    'use using require include extends implements new delete this self super static public private protected internal readonly const let var ' +
    'val mut final abstract override virtual try catch except finally raise throw throws rescue ensure begin end then in of is as not and or ' +
    'true false null nil none None True False undefined void lambda with pass go defer select chan map range where match ref move dyn pub crate ' +
    'int long short char bool boolean float double string str byte uint usize isize i32 i64 u8 u32 u64 f32 f64 auto unsafe sizeof typeof instanceof'
  ).split(' '),
);

const DECISION = /\b(?:if|elif|elsif|for|foreach|while|until|unless|case|when|catch|except|rescue|loop|guard)\b|&&|\|\||\s\?\s|\b(?:and|or)\b/g;
/** SQL's logic is its query structure: each extra SELECT (subquery, CTE), join, grouping and window adds a step. */
const DECISION_SQL = /\b(?:case|when|and|or|having|coalesce|nullif|exists|any|all|select|join|group\s+by|over|union|intersect|except|lag|lead|row_number|rank|dense_rank)\b/gi;
const ARROW_DEF = /(?<![\w$])[\w$]+\s*[:=]\s*(?:async\s*)?(?:\([^)]*\)|[\w$]+)\s*(?::\s*[^=]+)?=>/g;
const FUNCTION_NAME =
  /\b(?:def|fn|func|function|fun|sub)\s+(?:\([^)]*\)\s*)?([A-Za-z_$][\w$]*)|^[ \t]*(?:(?:public|private|protected|static|async|override|internal|final|virtual|export)\s+)*(?:[\w<>[\],.?*&]+\s+)?([A-Za-z_$][\w$]*)\s*\([^)]*\)\s*(?::\s*[^={;]+)?\{/gm;
const IMPORT = /^\s*(?:import\b|from\s+[\w.]+\s+import\b|#\s*include\b|using\s+[\w.]+\s*;|use\s+[\w:{}, ]+;|(?:require|require_relative|load)\b|(?:const|let|var)\s+[\w{}\s,]+=\s*require\(|extern\s+crate\b|@import\b)/;

const LOCK_FREE =
  /\b(?:Atomic\w+|atomic(?:_\w+)?|_Atomic|compare_exchange(?:_weak)?|compareAndSet|compareAndSwap\w*|CompareAndSwap\w*|compare_and_swap|fetch_(?:add|sub|and|or|xor|update)|memory_order_\w+|Ordering::(?:Relaxed|Acquire|Release|AcqRel|SeqCst)|Interlocked\.\w+|volatile|__sync_\w+|__atomic_\w+|Atomics\.\w+|atomic_thread_fence|MemoryBarrier|hazard\w*|epoch::\w+)\b/g;
const UNSAFE = /\bunsafe\b|\b(?:from_raw|into_raw|transmute|reinterpret_cast|const_cast|unsafe\.Pointer|stackalloc|NonNull|MaybeUninit|ManuallyDrop|get_unchecked\w*)\b|\*mut\b|\*const\b/g;
const CONCURRENCY =
  /\b(?:Mutex|mutex|RWMutex|RwLock|Lock|RLock|ReentrantLock|ReadWriteLock|SpinLock|lock|rlock|synchronized|Semaphore\w*|BoundedSemaphore|Condvar|condition_variable|CountDownLatch|CyclicBarrier|Phaser|WaitGroup|errgroup|sync\.Once|chan|goroutine|thread|threads|Thread|threading|jthread|ThreadPool\w*|ExecutorService|Executors|ForkJoinPool|multiprocessing|concurrent\.futures|mpsc|crossbeam|rayon|spawn|spawn_blocking|pthread_\w+|notifyAll|notify_all|notify_one|wait_for|Concurrent\w+|CompletableFuture|DispatchQueue|DispatchGroup|SharedArrayBuffer|asyncio|Monitor\.\w+|Parallel\.\w+|Task\.(?:Run|WhenAll|WhenAny|Factory)|Channel<|BlockingQueue|BlockingCollection|coroutineScope|runBlocking|withContext|Dispatchers|std::async)\b|(?<![.\w])select\s*\{|\bgo\s+(?:func\b|[\w.]+\()|<-|\bArc<|\bthread::scope\b|\btokio::(?:spawn|select)/g;
const SECURITY: [string, RegExp][] = [
  ['credentials', /password|passwd|secret|credential|api[_-]?key|(?:api|access|auth|bearer|id|refresh|reset|session|csrf)[_-]?tokens?\b|\bbearer\b/i],
  ['crypto', /hmac|crypto|cipher|encrypt|decrypt|\bsha-?(?:1|256|512)\b|\bmd5\b|bcrypt|scrypt|argon2|pbkdf2|\bsignature\b|\bnonce\b|\bjwt\b|\bjws\b|\brsa\b|ecdsa|x509|timingSafeEqual|compare_digest|ConstantTimeCompare|\bsecrets\./i],
  ['authz', /authori[sz]|authenticat|\bpermissions?\b|\bis_?admin\b|\brequire_?role\b|\bcsrf\b|\bxss\b|sanitiz|allowlist|\bacl\b/i],
  ['injection', /\beval\(|\bexec\(|os\.system|subprocess|shell\s*=\s*True|innerHTML|dangerouslySetInnerHTML|\.raw\(|execute\(\s*f["']|\b(?:SELECT|UPDATE|DELETE|INSERT)\b[^;\n]*["'`]\s*\+|\+\s*["'`][^"'`]*\b(?:WHERE|AND|OR|VALUES)\b/i],
];
const TIMING =
  /\b(?:setTimeout|setInterval|requestAnimationFrame|Date\.now|performance\.now|time\.(?:Sleep|After|AfterFunc|Now|NewTicker|NewTimer|Tick|Since|Until|time|sleep|monotonic|perf_counter)|Instant(?:::|\.)now|SystemTime::now|(?:LocalDateTime|ZonedDateTime|OffsetDateTime|LocalDate)\.now|thread::sleep|Thread\.sleep|System\.(?:currentTimeMillis|nanoTime)|Clock|clock|asyncio\.sleep|datetime\.(?:now|utcnow)|Stopwatch|DateTime(?:Offset)?\.(?:Now|UtcNow)|Task\.Delay|PeriodicTimer|ScheduledExecutorService|threading\.Timer)\b/g;
const REGEX_CONSTRUCT = /\\[dDwWsSbBpP]|\(\?(?:[:=!>]|P?<|<[=!])|\[\^|\{\d+(?:,\d*)?\}|[*+?}]\?|\\[.()[\]{}/+*?|^$-]/g;
const PUNCT_ONLY = /^[\s{}()[\];,.]*$|^(?:end|fi|done|esac|\}\)?;?|\)\)?;?)$/;

const uniq = (xs: Iterable<string>) => [...new Set(xs)];

export function codeSignals(text: string, language?: string): CodeSignals {
  const traits = traitsOf(language);
  const all = text.length;
  const sample = all > ANALYZE_LIMIT ? text.slice(0, ANALYZE_LIMIT) : text;
  const scale = all > ANALYZE_LIMIT ? all / ANALYZE_LIMIT : 1;
  const lines = text ? countLines(text) : 0;
  if (traits.prose || !text) {
    const nonBlank = text ? sample.split('\n').filter((l) => l.trim()).length : 0;
    return {
      lines, codeLines: Math.round(nonBlank * scale), distinctShapes: Math.round(nonBlank * scale), repetition: 0, decisionPoints: 0,
      nestingDepth: 0, functionCount: 0, symbolCount: 0, recursive: false, imports: 0, mutatedFields: 0, collaborators: 0, regexConstructs: 0, lockFree: [], unsafe: [], concurrency: [], timing: [],
      security: securityOf(sample), secretCompare: [], prose: traits.prose,
    };
  }
  const { code, literals } = scan(sample, traits);
  const codeLineList = code.split('\n');
  const shapes = new Set<number>();
  const symbols = new Set<string>();
  let codeLines = 0;
  let imports = 0;
  let inImportBlock = false;
  for (const raw of codeLineList) {
    const line = raw.trim();
    if (!line || PUNCT_ONLY.test(line)) {
      if (inImportBlock && line.startsWith(')')) inImportBlock = false;
      continue;
    }
    if (inImportBlock) {
      imports++;
      continue;
    }
    if (/^import\s*\($/.test(line)) {
      inImportBlock = true;
      continue;
    }
    if (IMPORT.test(raw)) imports++;
    codeLines++;
    shapes.add(shapeOf(line, symbols));
  }
  const definitions = definitionsOf(code);
  const decisionPoints = (code.match(DECISION) ?? []).length + ((language ?? '').toLowerCase() === 'sql' ? (code.match(DECISION_SQL) ?? []).length : 0);
  const sc = (n: number) => Math.round(n * scale);
  const security = securityOf(code, literals);
  const fields = objectFields(code, language);
  const scaledCodeLines = sc(codeLines);
  const distinct = Math.min(scaledCodeLines, shapes.size);
  return {
    lines,
    codeLines: scaledCodeLines,
    distinctShapes: distinct,
    repetition: scaledCodeLines ? round2(1 - distinct / scaledCodeLines) : 0,
    decisionPoints: sc(decisionPoints),
    nestingDepth: traits.indentBlocks || !code.includes('{') ? indentDepth(code) : braceDepth(code),
    functionCount: sc(definitions.length + arrowDefinitions(code)),
    symbolCount: symbols.size,
    imports: sc(imports),
    mutatedFields: fields.mutated,
    collaborators: fields.collaborators,
    regexConstructs: sc((literals.match(REGEX_CONSTRUCT) ?? []).length),
    recursive: code.length <= RECURSION_LIMIT && isRecursive(code, definitions, traits.indentBlocks, traits.regexLiterals),
    lockFree: uniq(code.match(LOCK_FREE) ?? []),
    unsafe: uniq(code.match(UNSAFE) ?? []),
    concurrency: uniq(code.match(CONCURRENCY) ?? []),
    timing: uniq(code.match(TIMING) ?? []),
    security,
    secretCompare: security.includes('crypto') || security.includes('credentials') ? secretComparisons(code) : [],
    prose: false,
  };
}

interface Definition {
  name: string;
  /** Index just past the definition's head (its name, or its opening brace). */
  end: number;
  /** The head as matched: for `def`/`fn`/`func`/`function` forms, only up to the name. */
  head: string;
  keyword: boolean;
}

/** The functions and methods defined in the code. */
function definitionsOf(code: string): Definition[] {
  const defs: Definition[] = [];
  for (const m of code.matchAll(FUNCTION_NAME)) {
    const name = m[1] ?? m[2];
    if (name && !KEYWORDS.has(name)) defs.push({ name, end: m.index + m[0].length, head: m[0], keyword: m[1] !== undefined });
  }
  return defs;
}

/**
 * Some function defined here calls itself inside its own body. Each definition searches only its own
 * body for its own name (native indexOf), so the cost is the bodies, not one regex per name.
 */
function isRecursive(code: string, definitions: Definition[], byIndent: boolean, jsLike: boolean): boolean {
  const indentMode = byIndent || !code.includes('{');
  let closeOf: Map<number, number> | undefined;
  let checked = 0;
  for (const d of definitions) {
    if (d.name.length < 2) continue;
    if (++checked > 64) break;
    const [from, to] = indentMode ? indentBody(code, d.end) : braceBody(code, d.end, (closeOf ??= matchBraces(code)));
    // A method that takes self (Python, Rust), or a JS/TS class method, calls itself through self./this.;
    // a bare call of the same name there is another function (Rust's drop(x) inside fn drop(&mut self)).
    const params = d.keyword ? code.slice(d.end, d.end + 40) : d.head;
    const selfOnly = /\(\s*&?(?:mut\s+)?self\b/.test(params) || (!d.keyword && jsLike);
    for (let at = code.indexOf(d.name, from + 1); at >= 0 && at < to; at = code.indexOf(d.name, at + 1)) {
      if (!isCallAt(code, at, d.name.length)) continue;
      const via = callPrefix(code, at);
      if (via === 'self' || (via === 'bare' && !selfOnly)) return true;
    }
  }
  return false;
}

/** `name` at `at` is a whole identifier followed by `(`. */
function isCallAt(code: string, at: number, len: number): boolean {
  if (at > 0 && isIdentChar(code.charCodeAt(at - 1))) return false;
  let j = at + len;
  if (j < code.length && isIdentChar(code.charCodeAt(j))) return false;
  while (j < code.length && (code.charCodeAt(j) === 32 || code.charCodeAt(j) === 9)) j++;
  return code.charCodeAt(j) === 40;
}

function callPrefix(code: string, at: number): 'self' | 'other' | 'bare' {
  const before = code.slice(Math.max(0, at - 6), at);
  if (before.endsWith('this.') || before.endsWith('self.') || before.endsWith('Self::')) return 'self';
  return before.endsWith('.') || before.endsWith('::') || before.endsWith('->') ? 'other' : 'bare';
}

/** For every `{`, the index of its matching `}` (or the end of the text). */
function matchBraces(code: string): Map<number, number> {
  const close = new Map<number, number>();
  const stack: number[] = [];
  for (let i = 0; i < code.length; i++) {
    const c = code.charCodeAt(i);
    if (c === 123) stack.push(i);
    else if (c === 125 && stack.length) close.set(stack.pop()!, i);
  }
  for (const open of stack) close.set(open, code.length);
  return close;
}

function braceBody(code: string, from: number, closeOf: Map<number, number>): [number, number] {
  const open = code.charCodeAt(from - 1) === 123 ? from - 1 : code.indexOf('{', from);
  if (open < 0) return [0, 0];
  return [open, closeOf.get(open) ?? code.length];
}

/** The lines after a definition that are indented deeper than it. */
function indentBody(code: string, from: number): [number, number] {
  const lineStart = code.lastIndexOf('\n', from - 1) + 1;
  const indent = /^[ \t]*/.exec(code.slice(lineStart, lineStart + 200))![0].length;
  let pos = code.indexOf('\n', from);
  if (pos < 0) return [from, from];
  const start = pos;
  while (pos < code.length) {
    const next = code.indexOf('\n', pos + 1);
    const line = code.slice(pos + 1, next < 0 ? code.length : next);
    if (line.trim() && /^[ \t]*/.exec(line)![0].length <= indent) break;
    pos = next < 0 ? code.length : next;
  }
  return [start, pos];
}

const SECRET_NAME = /(?:sig|signature|mac|hmac|digest|hash|token|secret|passw(?:or)?d|api_?key|expected|computed)/i;
const EQUALITY = /[\w.$]+(?:\[[^\]\n]*\]|\([^)\n]*\))*\s*(?:[=!]==?|\.equals\()\s*[\w.$]+/;
/** Comparisons with a constant, an empty value or a length leak nothing. */
const TRIVIAL_OPERAND = /(?:[=!]==?|\bis(?: not)?)\s*(?:null|nil|None|undefined|""|''|0|true|false|True|False)\b|\b(?:null|nil|None|undefined|0)\s*[=!]==?|\b(?:len|length|size|count)\b/;

/** Lines comparing a secret-looking name with plain equality (`==`, `!=`, `equals`): the comparison leaks timing. */
function secretComparisons(code: string): string[] {
  const found: string[] = [];
  for (const line of code.split('\n')) {
    if (!(line.includes('==') || line.includes('!=') || line.includes('.equals('))) continue;
    const m = EQUALITY.exec(line);
    if (!m || !SECRET_NAME.test(m[0]) || TRIVIAL_OPERAND.test(line) || /[<>]=|\bassert/.test(line)) continue;
    found.push(m[0].replace(/\s+/g, ' ').slice(0, 40));
  }
  return uniq(found);
}

/** `this.x` / `self.x` / `@x`: one of the object's own fields. */
const OWN_FIELD = /(?:\b(?:this|self)\.|(?<![\w@.])@)([A-Za-z_]\w*)/g;
/** Go names its receiver with a letter or two: `s.x`, `h.store`. */
const GO_OWN_FIELD = /(?:\b(?:this|self)\.|(?<![\w.])[a-z]{1,2}\.)([A-Za-z_]\w*)/g;
/** An instance field declared with a visibility: `private int size;`, `private final List<T> items = …;` (not static, not const). */
const FIELD_DECLARATION =
  /^[ \t]*(?:private|protected|public|internal)\s+(?!static\b|const\b)(?:final\s+|readonly\s+|volatile\s+|transient\s+|var\s+|val\s+)*(?:[\w<>[\],.?]+\s+)?([A-Za-z_]\w*)\s*(?:[:=;]|$)/gm;
/** What follows a field when the code changes it: an assignment (and its right-hand side's first word), `++`, `--`. */
const WRITE_AFTER = /(?:\[[^\]\n]*\])?\s*(?:(?:[-+*/%|&^]|<<|>>|\?\?)?=(?![=>])\s*([\w$]*)|\+\+|--)/y;
/** …or a mutating call on it: `self.items.append(…)`, `this.queue.shift()`. */
const MUTATING_CALL_AFTER =
  /\.(?:push|append|appendleft|add|put|set|delete|remove|pop|popleft|popitem|insert|clear|update|extend|splice|shift|unshift|enqueue|dequeue|offer|poll|move_to_end|discard|setdefault|Add|Remove|Clear|Enqueue|Dequeue|Push|Pop|TryAdd|TryRemove)\(/y;
/** …or any call through it: a collaborator (`this.repo.save(`, `s.store.Get(`). */
const CALL_AFTER = /\.[A-Za-z_]\w*\s*\(/y;

const followedBy = (re: RegExp, code: string, at: number) => {
  re.lastIndex = at;
  return re.exec(code);
};

/**
 * The object's fields the code changes (shared mutable state: labelling medium) and those it calls methods on
 * (collaborators: steps that interact, what tests must fake). One pass over `this.x`-style references, plus
 * fields declared with a visibility that Java, C# and Kotlin use by bare name. A setter or constructor
 * copying a parameter of the same name (`this.name = name`) is boilerplate, not state the code reasons about.
 */
function objectFields(code: string, language: string | undefined): { mutated: number; collaborators: number } {
  const mutated = new Set<string>();
  const called = new Set<string>();
  if ((language ?? '').toLowerCase() === 'sql') return { mutated: 0, collaborators: 0 };
  const visit = (text: string, name: string, end: number) => {
    const write = followedBy(WRITE_AFTER, text, end);
    if (write) {
      if (!write[1] || write[1].replace(/^_/, '') !== name.replace(/^_/, '')) mutated.add(name);
    } else if (followedBy(MUTATING_CALL_AFTER, text, end)) {
      mutated.add(name);
      called.add(name);
    } else if (followedBy(CALL_AFTER, text, end)) {
      called.add(name);
    }
  };
  for (const m of code.matchAll((language ?? '').toLowerCase() === 'go' ? GO_OWN_FIELD : OWN_FIELD)) visit(code, m[1], m.index + m[0].length);
  if (/\b(?:private|protected|public|internal)\s/.test(code)) {
    const declared = [...new Set([...code.matchAll(FIELD_DECLARATION)].map((m) => m[1]))].slice(0, 64);
    if (declared.length) {
      const bare = new RegExp(String.raw`(?<![\w.])(${declared.join('|')})\b`, 'g');
      // Declaration lines are not uses (their initializers are no writes).
      for (const line of code.split('\n')) {
        if (!declared.some((d) => line.includes(d)) || /^[ \t]*(?:private|protected|public|internal)\s/.test(line)) continue;
        for (const m of line.matchAll(bare)) visit(line, m[1], m.index + m[0].length);
      }
    }
  }
  return { mutated: mutated.size, collaborators: called.size };
}

/** Non-cryptographic randomness: a weakness only next to credentials or crypto. */
const WEAK_RANDOM = /\brandom\.(?:choice|choices|randint|randrange|random|sample|getrandbits)\b|Math\.random|\brand\(\)|\bmt_rand\b|\bnew Random\(|math\/rand|\brand\.(?:Intn|Int|Read)\b/;

/** Arrow functions bound to a name; the (costly) pattern only runs on lines that hold an arrow. */
function arrowDefinitions(code: string): number {
  if (!code.includes('=>')) return 0;
  let n = 0;
  for (const line of code.split('\n')) if (line.includes('=>')) n += (line.match(ARROW_DEF) ?? []).length;
  return n;
}

/**
 * Cheap substrings, one of which every match of a SECURITY pattern contains (lower case): a text without
 * any of them skips that pattern.
 */
const SECURITY_HINTS: Record<string, readonly string[]> = {
  credentials: ['pass', 'secret', 'credential', 'key', 'token', 'bearer'],
  crypto: ['hmac', 'crypt', 'ciph', 'sha', 'md5', 'argon', 'pbkdf', 'signature', 'nonce', 'jw', 'rsa', 'ecdsa', 'x509', 'safeequal', 'compare_digest', 'constanttime', 'secrets.'],
  authz: ['auth', 'permission', 'admin', 'role', 'csrf', 'xss', 'saniti', 'allowlist', 'acl'],
  injection: ['eval(', 'exec', 'system', 'subprocess', 'shell', 'innerhtml', '.raw(', 'select', 'update', 'delete', 'insert', 'where', 'values'],
};

function securityOf(...texts: string[]): string[] {
  const lower = texts.map((t) => t.toLowerCase());
  const found = SECURITY.filter(([name, re]) => texts.some((t, i) => SECURITY_HINTS[name].some((h) => lower[i].includes(h)) && re.test(t))).map(([name]) => name);
  if (found.length && texts.some((t) => WEAK_RANDOM.test(t))) found.push('weak randomness');
  return found;
}

/**
 * A line's shape, hashed: identifiers (keywords kept), numbers and literals abstracted, so
 * `this.name = name;` and `this.city = city;` hash alike. Collects the identifiers on the way.
 * One pass over the characters; FNV-1a over the shape's tokens.
 */
function shapeOf(line: string, symbols: Set<string>): number {
  let h = 0x811c9dc5;
  const mix = (c: number) => {
    h ^= c;
    h = Math.imul(h, 0x01000193);
  };
  const n = line.length;
  let i = 0;
  let space = false;
  while (i < n) {
    const c = line.charCodeAt(i);
    if (c === 32 || c === 9 || c === 13) {
      space = true;
      i++;
      continue;
    }
    if (space) {
      mix(32);
      space = false;
    }
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36) {
      let j = i + 1;
      while (j < n && isIdentChar(line.charCodeAt(j))) j++;
      const w = line.slice(i, j);
      if (KEYWORDS.has(w)) for (let k = 0; k < w.length; k++) mix(w.charCodeAt(k));
      else {
        symbols.add(w);
        mix(1);
      }
      i = j;
    } else if (c >= 48 && c <= 57) {
      let j = i + 1;
      while (j < n && (isIdentChar(line.charCodeAt(j)) || line.charCodeAt(j) === 46)) j++;
      mix(2);
      i = j;
    } else {
      mix(c);
      i++;
    }
  }
  return h >>> 0;
}

const isIdentChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;

function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return text.endsWith('\n') ? n - 1 : n;
}

/** Deepest `{` nesting relative to the lowest level the selection reaches. */
export function braceDepth(code: string): number {
  let depth = 0;
  let min = 0;
  let max = 0;
  for (let i = 0; i < code.length; i++) {
    const c = code.charCodeAt(i);
    if (c === 123) max = Math.max(max, ++depth);
    else if (c === 125) min = Math.min(min, --depth);
  }
  return Math.max(0, max - min);
}

/** Deepest indentation level relative to the selection's outermost line; continuation lines inside brackets are skipped. */
export function indentDepth(code: string): number {
  const indents: number[] = [];
  let open = 0;
  for (const raw of code.split('\n')) {
    const line = raw.replace(/\t/g, '    ');
    const trimmed = line.trimStart();
    if (trimmed && open <= 0) indents.push(line.length - trimmed.length);
    for (let i = 0; i < trimmed.length; i++) {
      const c = trimmed.charCodeAt(i);
      if (c === 40 || c === 91 || c === 123) open++;
      else if (c === 41 || c === 93 || c === 125) open--;
    }
    if (open < 0) open = 0;
  }
  if (!indents.length) return 0;
  const base = Math.min(...indents);
  let unit = Infinity;
  for (const i of indents) if (i > base) unit = Math.min(unit, i - base);
  if (!Number.isFinite(unit)) return 0;
  unit = Math.max(2, Math.min(8, unit));
  return Math.max(...indents.map((i) => Math.round((i - base) / unit)));
}

const round2 = (n: number) => Math.round(n * 100) / 100;
