// What the user's words say: the intent of a chat prompt (which deliverable is asked for), and the
// words that add requirements (concurrency, security, failure modes, scale, design, depth) or narrow
// the task. Only the instruction counts: pasted material (a traceback, a quoted PR description, code
// after "Convert this:") is split off first, so words inside it never read as requirements.
import type { TaskType } from '../types';

export interface PromptAnalysis {
  /** The instruction, with quoted and pasted material masked out. */
  instruction: string;
  /** Pasted material: lines after the instruction, long quotes, inline code. */
  material: string;
  /** The material looks like code rather than prose. */
  materialIsCode: boolean;
  words: number;
  /** Words of the instruction and the material together. */
  totalWords: number;
  question: boolean;
  /** Asks for a judgement of the code ("is this good enough?", "review this"). */
  judgement: boolean;
  /** Chat intent: the deliverable asked for, and the words that showed it. */
  intent: TaskType;
  intentCue: string;
  /** 0..1: how clearly the words showed the intent. */
  intentStrength: number;
  /** Requirement-raising words, by category (concurrency, security, failure, scale, design, depth). */
  hard: Record<string, string[]>;
  /** The request names lock-free / atomics / memory-ordering work. */
  lowLevelConcurrency: boolean;
  /** Moderate raisers, by kind (performance, constraints, technique, parts, list, structure). */
  moderate: Record<string, string[]>;
  /** Narrowing words (rename, one field, brief, in one sentence…). */
  narrow: string[];
  /** A bug symptom: "why does … never …", "doesn't add up", an error message. */
  symptom: string | undefined;
  /** The symptom is intermittent (sometimes, flaky, only under load): the hardest bugs to find. */
  intermittent: boolean;
  /**
   * A question about what something is ("what's X", "the difference between X and Y", "define X"): its
   * requirement words name the topic asked about, not a requirement added to a task (labelling rule 3).
   */
  topicQuestion: boolean;
}

// ---------------------------------------------------------------------------------------------
// Splitting the instruction from the material.

const CODEISH = /[{};]\s*$|^\s*(?:def|function|class|import|from|const|let|var|public|private|fn|func|package|#include|SELECT|INSERT|UPDATE|CREATE)\b|=>|\)\s*\{|^\s{2,}\S/m;

export function splitPrompt(prompt: string): { instruction: string; material: string } {
  const lines = prompt.replace(/\r/g, '').split('\n');
  let instruction = lines[0];
  let material = lines.slice(1).join('\n');
  // A question or instruction placed after the pasted material.
  if (lines.length > 2) {
    const last = lines[lines.length - 1].trim();
    if (last && !CODEISH.test(last) && /\?$|^(?:why|how|what|can|could|please|explain|fix|summar|is|does|write)\b/i.test(last)) {
      instruction = `${instruction}\n${last}`;
      material = lines.slice(1, -1).join('\n');
    }
  }
  // "Port to Kotlin: fun area(r: Double) = …" / "… a changelog entry: 'Adds …'"
  const colon = /:\s+(?=['"`(]|(?:function|def|class|const|let|var|async|fn|func|SELECT|public)\b)/.exec(instruction);
  if (colon && instruction.length - colon.index > 24) {
    material = instruction.slice(colon.index + 1) + (material ? '\n' + material : '');
    instruction = instruction.slice(0, colon.index + 1);
  }
  // Quoted spans and inline code are material too: `E0502 …`, 'a pasted log line'.
  instruction = instruction.replace(/`[^`\n]{3,}`|"[^"\n]{12,}"|(?<![\w])'[^'\n]{12,}'(?![\w])/g, (m) => {
    material += '\n' + m.slice(1, -1);
    return ' QUOTED ';
  });
  return { instruction, material: material.trim() };
}

// ---------------------------------------------------------------------------------------------
// Intent: the deliverable decides (planning plus building is code; a requested yes/no is a label).

const POLITE =
  /^(?:(?:hey|hi|hello|ok(?:ay)?|so|now|also|and|then|pls|please|quick question|question|btw|alright|great|thanks|cool)[,!:.]?\s+)*(?:(?:can|could|would|will) you(?: please)?(?: help me)?\s+|please\s+|pls\s+|kindly\s+|i (?:need|want|would like|'d like)(?: you)? to\s+|i'd like(?: you)? to\s+|help me(?: to)?\s+|let'?s\s+|go ahead and\s+|try to\s+|now\s+|also\s+|then\s+)*/i;

const CLASSIFY_CUES: RegExp[] = [
  /\b(?:yes or no|yes\/no|y\/n|true or false|true\/false|one[- ]word answer|answer with (?:one|a single) word)\b/i,
  /\b(?:label|categori[sz]e|classify|tag|triage|bucket|sort) (?:each|these|the following|every|all|them|this|it|which)\b/i,
  /\b(?:mark|rate|flag) (?:each|these|every|them|the following)\b[^.?!]*\bas\b/i,
  /\b(?:which|what) (?:category|label|bucket|class|severity|priority) (?:is|does|do|are|should|would)\b/i,
  /^(?:is|are) [^?]{0,60}\bor\b[^?]{0,60}\?/i,
  /\b(?:just |only )?(?:pick|choose) one\b|\bone of (?:these|the two|them|the following)\b/i,
];
const TEST_CUES: RegExp[] = [
  /^(?:write|add|create|generate|give me|draft|need|make|produce|cover|extend|improve|fix up|set up)\b(?:(?!\b(?:that|which|who|to|so|where|when|while)\b)[^.?!]){0,60}\b(?:tests?|test cases?|test suite|specs?|unit tests?|assertions)\b/i,
  /\b(?:unit|integration|property|property-based|e2e|end-to-end|regression|snapshot|fuzz|load|contract|pytest|jest|junit|hypothesis|mocha|vitest|rspec|go|table-driven)[- ](?:tests?|specs?)\b(?! (?:fail|pass|break|are|is|were|was))/i,
  /^(?:test|unit[- ]test) (?:this|it|these|that|the|my|our)\b/i,
  /^cover\b[^.?!]{0,40}\bwith tests\b/i,
];
const DOC_NOUNS =
  /\b(?:docstrings?|doc[- ]?comments?|comments?|documentation|docs|readme|javadoc|jsdoc|tsdoc|rustdoc|godoc|pydoc|doxygen|adr|architecture decision record|changelog|man ?page|api reference|usage (?:section|guide|docs)|user guide|how-?to guide|tutorial|wiki(?: page)?|contributing(?:\.md)?|release notes?|runbook|design doc)\b/i;
const DOC_CUES: RegExp[] = [
  new RegExp(`^(?:write|add|create|generate|draft|update|improve|expand|produce|give me|put|prepare|document)\\b(?:(?!\\b(?:that|which|who|to|so|where|when|while)\\b)[^.?!]){0,60}${DOC_NOUNS.source}`, 'i'),
  /^document (?:this|the|these|it|how|our|my|what|each|every|all)\b/i,
];
const SUMMARY_CUES: RegExp[] = [
  /^(?:summar(?:y|ise|ize)|tl;?dr|tldr|recap|condense|digest|give me (?:the|a) (?:gist|summary|tl;?dr|recap|rundown|overview)|what(?:'s| is) the gist)\b/i,
  /^(?:turn|condense|shorten|boil down|compress|distill|rewrite|reduce)\b[^.?!]{0,50}\b(?:into|to|as)\b[^.?!]{0,20}\b(?:(?:one|two|three|\d+)[- ](?:sentence|line|paragraph|bullet)s?|short|brief|concise|summary|tl;?dr|one-liner|bullets?|bullet points)\b/i,
  /\b(?:summar(?:y|ise|ize|izing|ising)|tl;?dr|tldr|recap|key (?:points|takeaways)|main points|gist)\b/i,
];
const CODE_VERBS =
  /^(?:(?:design|plan|architect|think through) and )?(?:write|implement|create|build|generate|add|make|refactor|rewrite|re-?write|convert|port|translate|fix|patch|optimi[sz]e|speed up|clean up|tidy|simplify|extract|rename|replace|update|change|modify|remove|delete|migrate|scaffold|code up|program|give me|show me|produce|wrap|memoi[sz]e|parallelize|vectori[sz]e|restructure|split|inline|move|reorder|rework|harden|debounce|throttle|handle|support|allow|make it|turn|set up|setup|wire up|hook up|integrate|configure|modulari[sz]e|bootstrap|instrument|dedupe|deduplicate|parameteri[sz]e|generali[sz]e|decompose|annotate|sort|filter|validate|sanitize|escape|encode|decode|serialize|parse)\b/i;
const NON_CODE_OBJECT =
  /^\S+(?:\s+\S+){0,4}?\s+(?:an?\s+|the\s+|some\s+|my\s+|our\s+)?(?:\w+\s+){0,2}(?:list|outline|plan|summary|email|e-mail|talk|story|poem|haiku|joke|essay|letter|message|tweet|post|note|agenda|slides?|presentation|speech|bio|proposal|apology|song|names?|analogy|explanation|recommendations?|suggestions?|reading list|book|course|roadmap for (?:my|learning))\b/i;
const CODE_NOUN_REQUEST =
  /^(?:[\w#+./-]+:\s*)?(?:an?\s+|the\s+|some\s+)?(?:[\w#+.<>/-]+\s+){0,3}(?:one-?liner|query|function|script|regexp?|regular expression|snippet|command|class|component|program|macro|method|endpoint|hook|decorator|middleware|migration|dockerfile|makefile|config(?:uration)?|cron(?: expression)?|pipeline|workflow|algorithm|implementation|sql|code|type|interface|schema|struct|enum|lambda|template)\s+(?:that|to|which|for|in|using|with|doing)\b/i;
const HOW_TO_CODE =
  /\bhow (?:do|can|would|should|could) (?:i|we|you|one) (?:write|implement|create|build|convert|make|add|generate|parse|sort|reverse|read|merge|split|format|validate|serialize|deserialize|code|compute|calculate|filter|group|flatten|dedupe|deduplicate|remove|replace|extract|iterate|loop|map)\b|^how to (?:write|implement|create|build|convert|make|add|generate|parse|sort|reverse|read|merge|split|format|validate)\b/i;
const REASONING_CUES =
  /\bwhy\b|\bhow (?:does|do|did|can|could|come|would|should|will|to (?:debug|think|approach|track|find|diagnose))\b|\bhow (?:is|are|was|were) (?:\w+ ){0,4}?\w+(?:ed|en)\b|\bwhat(?:'s| is| would)? ?(?:happens?|happening|going on|wrong|causes?|caused)\b|\bwhat could go wrong\b|\bexplain\b|\bdiagnos|\broot[- ]cause|\b(?:review|audit)\s+(?:this|the|my|our|it|these|that|for)\b|\b(?:do|give|need|want|run|perform|make)\s+(?:me\s+)?(?:a|an)\s+(?:[\w-]+\s+)?(?:review|audit|analysis)\b|\banaly[sz]e\b|\btrade-?offs?\b|\bpros and cons\b|\bcompare\b|\bcomparison\b|\bvs\.?\s|\bversus\b|\bshould (?:i|we)\b|\bdesign (?:a|an|the|our|my)\b|\barchitect|\bis (?:this|it|that|there) (?:safe|secure|correct|right|thread-?safe|a (?:good|bad) idea|ok|okay|fine|efficient|idiomatic|necessary|good enough|a bug|a race|wrong|possible)|\btrack (?:it )?down\b|\bfigure out\b|\bunderstand\b|\bwalk (?:me )?through\b|\bwhere (?:does|is|do) (?:the|this|it)\b|\bcan (?:this|it|that|[\w.]+) (?:deadlock|race|overflow|fail|leak|panic|crash|block|hang|throw)\b|\bthink about\b|\bbest way to (?:structure|design|organi[sz]e|model)\b/i;
/** Problem words ("error", "crash") only ask for debugging when they are about the user's own code or system. */
const PROBLEM_CUES =
  /\b(?:debug\w*|errors?|bugs?|crash\w*|fails?|failing|failed|panic\w*|exceptions?|leaks?|slow|hangs?|stuck|broken|(?:doesn'?t|does not|won'?t|can'?t|cannot|isn'?t|is not|didn'?t) (?:work|compile|build|run|pass|reach|connect|load|start|find))\b/i;
/** A language or tool named first, then what the program must do: "Rust: read …", "bash: list …", "Go: fetch …". */
const PROGRAM_SPEC =
  /^(?:in |using |with )?(?:python3?|py|rust|go|golang|java|kotlin|scala|swift|c|c\+\+|cpp|c#|csharp|f#|typescript|ts|javascript|js|node(?:\.?js)?|deno|ruby|php|perl|lua|r|julia|haskell|elixir|erlang|clojure|dart|zig|ocaml|sql|postgres(?:ql)?|mysql|sqlite|bash|sh|zsh|shell|powershell|awk|sed|jq|docker|dockerfile|kubernetes|k8s|terraform|ansible|make|cmake|gradle|git|react|vue|svelte|angular|css|html|vba|matlab|pandas|numpy|spark)\s*:\s*(?:read|print|count|list|find|return|fetch|download|upload|compute|calculate|load|save|send|receive|listen|watch|poll|open|copy|move|check|compare|merge|split|join|group|sum|average|reverse|flatten|transpose|format|sort|filter|map|extract|select|show|display|render|draw|plot|take|accept|output|emit)\b/i;
const OWNER = /\b(?:i|i'm|i've|my|we|we're|our|us|this|it|it's|these|here)\b/i;
const CHAT_DEFINITION = /^(?:what(?:'s| is| are| does)|who|when|where|which|do you|have you|are you|tell me about|define|recommend|suggest)\b/i;

/** A leading framing phrase: "In Java, build …", "Using SQL, write …". */
const FRAMING = /^(?:in|using|with) [\w#+.\- ]{1,25},\s*(?=\w)/i;

function firstClauses(instruction: string): string[] {
  return instruction
    .split(/(?<=[.!?;])\s+|\n|:\s+|,\s*(?:and|then|also)\s+|\s+and then\s+|\s+—\s+|\s+-\s+/)
    .map((c) => c.trim().replace(POLITE, '').replace(FRAMING, ''))
    .filter(Boolean);
}

export function intentOf(instruction: string, hasCode: boolean): { task: TaskType; cue: string; strength: number } {
  const text = instruction.trim();
  const clauses = firstClauses(text);
  const lead = (res: RegExp[], cl = clauses): string | undefined => {
    for (const c of cl) for (const re of res) {
      const m = re.exec(c);
      if (m) return m[0];
    }
    return undefined;
  };
  let cue = lead(CLASSIFY_CUES);
  if (cue) return { task: 'classification', cue, strength: 0.9 };
  cue = lead(SUMMARY_CUES.slice(0, 2));
  if (cue) return { task: 'summarization', cue, strength: 0.9 };
  cue = lead(TEST_CUES);
  if (cue) return { task: 'testing', cue, strength: 0.9 };
  cue = lead(DOC_CUES);
  if (cue) return { task: 'docs', cue, strength: 0.9 };
  cue = lead(SUMMARY_CUES.slice(2));
  if (cue) return { task: 'summarization', cue, strength: 0.75 };
  for (const c of clauses) {
    const m = CODE_VERBS.exec(c);
    if (m && !NON_CODE_OBJECT.test(c)) return { task: 'code_generation', cue: m[0], strength: 0.85 };
  }
  cue = lead([CODE_NOUN_REQUEST, HOW_TO_CODE]);
  if (cue) return { task: 'code_generation', cue, strength: 0.75 };
  // "Rust: read a file and print …": a language or tool, then what the program must do.
  const program = PROGRAM_SPEC.exec(text.replace(POLITE, ''));
  if (program) return { task: 'code_generation', cue: program[0], strength: 0.7 };
  const problem = PROBLEM_CUES.exec(text);
  const reason = REASONING_CUES.exec(text) ?? (problem && (hasCode || OWNER.test(text)) ? problem : null);
  if (reason) {
    // Definitional questions ("what is X", "define Y") stay chat unless they ask why/how.
    const definitional = CHAT_DEFINITION.test(clauses[0] ?? '') && !/\bwhy\b|\bhow\b|\bshould\b|\btrade-?offs?\b|\bpros and cons\b|\bwrong\b|\bdebug/i.test(text);
    if (!definitional || hasCode) return { task: 'reasoning', cue: reason[0], strength: 0.8 };
  }
  // A question about attached code is a "how does this work" question.
  if (hasCode && /\?\s*$|^(?:thoughts|any (?:ideas|issues|problems)|look at this|check this)/i.test(text)) return { task: 'reasoning', cue: 'question about the attached code', strength: 0.6 };
  return { task: 'chat', cue: '', strength: text.split(/\s+/).length <= 12 ? 0.8 : 0.55 };
}

// ---------------------------------------------------------------------------------------------
// Requirement words.

// General vocabularies, one per requirement category of the labelling rules. They name the category's
// usual terms (textbook words, API-neutral); a fitted model (model.ts) decides what each category is worth.
const HARD: [string, RegExp][] = [
  [
    'concurrency',
    /\b(?:races?|racy|race conditions?|data races?|deadlock\w*|livelock\w*|concurren\w*|thread[- ]?safe\w*|threads?|threaded|threading|multi-?thread\w*|parallel(?:ism|ize|ized)?|lock-?free|wait-?free|atomic(?:s|ally|ity)?|mutex\w*|locks|locking|goroutines?|channels?|simultaneous\w*|synchroni[sz]\w*|contention|compare-and-swap|reentran\w*|semaphores?|condition variables?|spin-?locks?|thread pools?|worker pools?|linearizab\w*|happens-before|critical sections?|interleav\w*|memory[- ](?:model|order\w*|barriers?|fences?))\b/gi,
  ],
  [
    'security',
    /\b(?:secur\w*|insecure|vulnerab\w*|exploit\w*|attack\w*|injection|injectable|xss|csrf|ssrf|rce|authn|authz|auth|authenticat\w*|authori[sz]\w*|bypass\w*|privileges?|privilege escalation|timing attacks?|side[- ]channels?|constant[- ]time|credentials?|secrets?|passwords?|crypto\w*|encrypt\w*|decrypt\w*|(?:api|access|auth|session|bearer|refresh|csrf) tokens?|jwts?|(?:httponly|samesite|secure) cookies?|sanitiz\w*|untrusted|malicious|threat\w*|tamper\w*|csprng|sandbox\w*|owasp|cve|pii|rbac|access control|permissions?|path traversal|directory traversal|deserializ\w+|open redirects?|clickjacking|brute[- ]forc\w*|replay attacks?|mitm|oauth\w*|oidc|saml|sso|2fa|mfa|totp|salt(?:s|ed|ing)?|signatures?|spoof\w*|forger\w*)\b/gi,
  ],
  [
    'failure',
    /\b(?:failures?|failure modes?|fail-?over|fault\w*|crash-?(?:safe|proof|consistent|recovery)|timeouts?|time(?:s|d)? out|retr(?:y|ies|ying)|rollbacks?|roll back|compensat\w*|transaction\w*|idempoten\w*|partial(?:ly)? (?:fail\w*|writes?)|recover\w*|resilien\w*|outages?|durab\w*|consisten\w*|at[- ]least[- ]once|at[- ]most[- ]once|exactly[- ]once|graceful\w*|cancel\w*|back-?pressure|corrupt\w*|data loss|power (?:loss|failure|outage)|duplicate (?:deliver\w*|messages?|events?|requests?|writes?|charges?|payments?|processing|submissions?|jobs?)|(?:delivered|processed|charged|run) (?:twice|more than once)|dead[- ]letter\w*|circuit[- ]breakers?|split[- ]brain|thundering herd|sagas?|two[- ]phase commit|2pc|outbox)\b/gi,
  ],
  // A failure-mode clause: what must hold when a part fails ("if the write fails", "when a node goes down").
  [
    'failure',
    /\b(?:if|when|whenever|after|before|while|in case|even if|even when)\b[^.,;?!]{0,50}?\b(?:fails?|failing|crash(?:es|ed)?|dies|goes down|is down|times out|throws|raises|is killed|restarts?|hangs?|disconnects?|never (?:returns|responds|finishes|completes))\b|\b(?:ways?|how) (?:this|it|things|that) (?:can|could|might|would) (?:break|fail|go wrong)\b|\b(?:a|an|one|any|each)\s+(?:\w+\s+)?(?:crashing|failing|hung|hanging|dead|unresponsive)\s+\w+/gi,
  ],
  [
    'scale',
    /\b(?:distributed|across (?:many |multiple |several |all )?(?:instances|nodes|servers|machines|processes|regions|replicas|pods|services|shards)|multi-?(?:region|tenant|node|instance|process)|clusters?|replica\w*|replicat\w*|shard\w*|partition\w*|at scale|scalab\w*|scal(?:e|es|ing) (?:out|up)|\d+(?:\.\d+)?\s*[mbk][- ]rows?|millions|billions|under (?:heavy )?load|high[- ](?:traffic|throughput|load)|throughput|consensus|leader election|eventual(?:ly)? consisten\w*|cap theorem|network partitions?|brokers?|pods?|message queues?|pub\/sub|pubsub|cache invalidation|raft|paxos|quorums?|crdts?|replication lag)\b/gi,
  ],
  [
    'design',
    /\b(?:architect\w*|redesign\w*|design(?:ing)? (?:a|an|the|our|and|how|it|this|my)|trade-?offs?|pros and cons|alternatives?|migration (?:path|plan|strategy)|migrat(?:e|ing) (?:to|from|away|off)|micro-?services?|monolith\w*|event sourcing|cqrs|decoupl\w*|cross-cutting|extensib\w*|versioning|backwards?[- ]compat\w*|restructur\w*|adrs?|abstraction layers?|\bvs\.?|versus|bounded contexts?|domain model\w*|hexagonal|clean architecture|event-driven|message bus|api gateway|service mesh|schema evolution|multi-tenan\w*|tenancy|strangler)\b/gi,
  ],
  [
    'depth',
    /\b(?:in (?:depth|detail)|thorough\w*|deep(?:ly)?(?:[- ]dive| analysis)|step[- ]by[- ]step|exhaustive\w*|prove|proofs?|formal(?:ly)?|invariants?|property[- ](?:based )?tests?|rigorous\w*|subtle)\b/gi,
  ],
];
const LOW_LEVEL = /\b(?:lock-?free|wait-?free|atomics?|memory[- ](?:model|order\w*|barriers?|fences?)|compare-and-swap|hazard pointers?|unsafe|raw pointers?)\b/i;

const MODERATE: [string, RegExp][] = [
  ['performance', /\b(?:faster|speed(?: it| this)? up|optimi[sz]\w*|performan\w*|efficien\w*|slow(?:er|ly|s)?|latency|memory usage|(?:memory|heap|fewer|less|zero|extra|unnecessary|reduce|avoid\w*) allocations?|allocation[- ]free|cache-friendly|vectori[sz]\w*|big-?o|time complexity)\b/gi],
  ['constraints', /\b(?:must(?: not)?|never|ensure|guarantee\w*|preserv\w*|unchanged|edge cases?|corner cases?|validat\w*|overflow|underflow|precision|rounding|off[- ]by[- ]one|unicode|time ?zones?|daylight saving|leap (?:years?|seconds?)|without (?:breaking|changing|losing))\b/gi],
  [
    'technique',
    // Named techniques that take some domain knowledge: algorithms and data structures, numerical methods,
    // query techniques, text processing, type-level programming, front-end rendering.
    new RegExp(
      String.raw`\b(?:` +
        [
          String.raw`algorithm\w*|heuristics?|recursi\w*|dynamic programming|memoi[sz]\w*|backtracking|greedy|divide and conquer|branch and bound|minimax`,
          String.raw`graph (?:traversal|search|coloring)|breadth-first|depth-first|bfs|dfs|topological|dijkstra|bellman-ford|a-star|spanning trees?|cycle detection|strongly connected|max(?:imum)? flow`,
          String.raw`binary search|bisect\w*|two pointers|sliding windows?|prefix sums?|union[- ]find|disjoint sets?|bloom filters?|consistent hashing|hyperloglog|reservoir sampling`,
          String.raw`edit distance|longest common|knapsack|permutations|combinatori\w*|suffix (?:trees?|arrays?)|radix|segment trees?|fenwick|interval trees?|skip lists?|red-black|avl|b-?trees?|quad-?trees?|k-?d trees?|priority queues?`,
          String.raw`transitive closure|adjacency (?:lists?|matri\w*)|tree (?:rotations?|balancing)`,
          String.raw`factori[sz]ation|(?:lu|qr|cholesky|singular value|matrix) decomposition|eigen\w*|interpolat\w*|extrapolat\w*|least squares|linear regression|convolution|numerical\w*|fixed-point|floating-point|fft|gaussian|monte carlo|newton'?s method|modular (?:arithmetic|inverse)|big-?int\w*`,
          String.raw`window functions?|ctes?|recursive quer\w*|lateral joins?|self-joins?|upserts?|isolation levels?|covering index\w*|full-text|denormali[sz]\w*|materiali[sz]ed views?`,
          String.raw`parser|parsing|tokeni[sz]\w*|lexer|grammar|abstract syntax trees?|unicode normali[sz]\w*|graphemes?|collation|diff(?:ing)? algorithms?`,
          String.raw`state machines?|generics?|generic types?|conditional types?|mapped types?|type-level|higher-kinded|bit (?:manipulation|masks?|twiddling)|bitwise|endianness`,
          String.raw`virtuali[sz]\w*|infinite scroll\w*|optimistic (?:updates?|ui)|hydration|server-side rendering|drag[- ]and[- ]drop|focus (?:traps?|management)`,
        ].join('|') +
        String.raw`)\b|\b[A-Z]\w*<[A-Z]\w*(?:,\s*\w+)*>`,
      'gi',
    ),
  ],
  ['parts', /\b(?:subcommands?|command-line|cli|endpoints?|routes?|middleware|migrations?|tables?|schemas?|services?|servers?|clients?|hooks?|components?|modules?|packages?|librar(?:y|ies)|plugins?|pipelines?|workflows?|handlers?|controllers?|schedulers?|queues?|caches?|interpreters?|compilers?|sdks?|wrappers?|adapters?|integrations?|reducers?)\b|\b(?:GET|POST|PUT|PATCH|DELETE) \//g],
  ['structure', /\b(?:outline|plan|checklist|roadmap|agenda|examples?|comparison|step[- ]by[- ]step (?:guide|instructions))\b/gi],
];

/**
 * Words that narrow the task (labelling rule 3): one small edit, one part, a short answer. A size word
 * narrows only the deliverable ("a short comment", "keep it brief"), not the subject ("a small CLI").
 */
const NARROW =
  /\b(?:rename|(?:fix|correct)\w* (?:a |the |this |that |one |some )?typos?|one-?liner|one[- ]line (?:change|fix)|just (?:the|this|one|a)|only (?:the|this|one|a)|focus(?:ing)? (?:only )?on|single (?:function|field|line|method|file|value|variable)|one (?:function|field|method|line|variable|place|value|parameter)|briefly|(?:brief|short|quick|simple|small|tiny|trivial|minor)(?:[- ]\w+)?[- ](?:fix|change|tweak|edit|patch|comments?|summary|answer|explanation|description|note|overview|intro|introduction|example|snippet|helper|script|version|docstrings?|lines?|sentences?|paragraph|list|refactor|rename|cleanup|update|check|reply|doc)\b|(?:keep it|be|make it) (?:brief|short|simple|quick)|quickly|mechanical\w*|cosmetic|reformat\w*|(?:in |as )?(?:one|two|three|a few|1|2|3)(?: or (?:two|three|2|3))?[- ](?:sentences?|lines?|words?|bullets?|paragraphs?)|one[- ]sentence|an? (?:sentence|line|paragraph|word) or two|eli5|plain (?:english|terms|words)|simple terms|layman'?s terms|for (?:a )?beginners?)\b/gi;

const SYMPTOMS: RegExp[] = [
  /\b(?:when|whenever|after|if) (?:i|we)\b[^?]{3,160}[.,;]\s*why\b/i,
  /\bwhy (?:don'?t|doesn'?t|isn'?t|aren'?t|won'?t|can'?t|didn'?t|wouldn'?t|hasn'?t|haven'?t)\b/i,
  /\bwhy (?:does|do|is|are|did|would|can'?t|won'?t|doesn'?t|don'?t|isn'?t|aren'?t|am|was|were)\b[^?]*?\b(?:not|n'?t|never|sometimes|wrong|fail\w*|hang\w*|stuck|crash\w*|leak\w*|slow\w*|break\w*|broken|miss\w*|lose|lost|error\w*|panic\w*|deadlock\w*|freez\w*|timeouts?)\b/i,
  /\b(?:doesn'?t|don'?t|isn'?t|won'?t|can'?t|cannot|never|didn'?t) (?:work|compile|terminate|return|close|finish|stop|match|connect|load|start|exit|update|render|fire|trigger|release|unlock)\b/i,
  /\b(?:sometimes|intermittent\w*|flaky|randomly|occasionally|non-?deterministic\w*|heisenbug|only in production|only under load)\b/i,
  /\b(?:infinite|endless) (?:loops?|recursion)\b|\b(?:memory|resource|connection|handle) leaks?\b|\bleak(?:s|ing)? (?:memory|connections|file descriptors|handles)\b/i,
  // Error artifacts (last: only a debugging request makes them a bug to hunt).
  /\b(?:traceback|stack ?trace|segfault|segmentation fault|panic:|exception:|error:|errno|nullpointer\w*|type ?error|syntax ?error|core dumped|compiler (?:says|error))/i,
];
/** Words that start a clause after a comma rather than a list item: "…, including the tests". */
const NOT_AN_ITEM = /^(?:and|or|but|which|who|whom|where|so|including|especially|because|while|if|when|then|not|e\.g|i\.e|like|such as)\b/i;

/**
 * "A, B and C" / "A, B, or C": the number of items in the first list of three or more, else 0.
 * Procedural (split on commas) so that long comma-separated pastes cost linear time.
 */
export function listItems(text: string): number {
  for (const sentence of text.split(/[;:.?!\n]/)) {
    const parts = sentence.slice(0, 400).split(',').map((p) => p.trim());
    if (parts.length < 2 || parts.length > 40) continue;
    const last = parts[parts.length - 1];
    const leadingJoin = /^(?:and|or|plus|as well as)\s/i.test(last);
    if (!leadingJoin && !/\s(?:and|or|plus|as well as)\s/i.test(last)) continue;
    // "a line or two", "this and more": an approximation, not a last item.
    if (/\s(?:and|or) (?:two|three|so|more|less|fewer|not|else|other|the like)\b/i.test(last)) continue;
    if (NOT_AN_ITEM.test(parts[1]) && !leadingJoin) continue;
    if (parts.slice(1, -1).some((p) => !p || p.split(/\s+/).length > 6 || NOT_AN_ITEM.test(p))) continue;
    const count = parts.length + (leadingJoin ? 0 : 1);
    if (count >= 3) return count;
  }
  return 0;
}

/** Asking for a judgement of the code: a review in all but name. */
const JUDGEMENT =
  /\bis (?:this|it|that) (?:safe|secure|ok|okay|fine|good enough|correct|right|production[- ]ready|robust|sound|solid)\b|\bgood enough\b|\bproduction[- ]ready\b|\bany (?:issues|problems|bugs|concerns|holes)\b|\bwhat'?s wrong\b|\b(?:review|audit)\b|\bwhat (?:could|can|might) go wrong\b|\banything wrong\b/i;

const INTERMITTENT = /\b(?:sometimes|intermittent\w*|flaky|randomly|occasionally|non-?deterministic\w*|heisenbug|only in production|only under load|once in a while|every (?:now and then|few (?:hours|days|runs)))\b/i;

const countWords = (s: string) => (s.match(/[A-Za-z][\w'’-]*/g) ?? []).length;

function hits(re: RegExp, text: string): string[] {
  re.lastIndex = 0;
  return [...new Set((text.match(re) ?? []).map((w) => w.toLowerCase()))];
}

/** An identifier written as a call: `cancel()`, `get_or_load(key, fn)`, `obj.method(a)`. */
const CODE_NAME = /\b[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\([^()\n]{0,80}\)/g;

/** "what's X", "what does X mean", "how is X different from Y", "define X", after up to two framing phrases. */
const TOPIC_QUESTION =
  /^(?:[^,:?.]{1,30}[,:]\s*){0,2}(?:what(?:'s| is| are| was| were)\s+(?!wrong\b|going on\b|happening\b|the (?:best|right|fastest|safest|cleanest) way\b)|what does .{1,60}\bmean\b|how (?:is|are|does|do) .{1,60}\b(?:different from|differ from|compare (?:to|with))\b|what do (?:you|people|we) mean by\b|(?:what(?:'s| is) )?the difference between\b|define\b|tell me what\b)/i;

/** Requirement words are looked for in this much of the instruction, symptoms in this much of the prompt. */
const ANALYZE_CHARS = 4000;

export function analyzePrompt(prompt: string, hasCode: boolean): PromptAnalysis {
  const split = splitPrompt(prompt.length > 4 * ANALYZE_CHARS ? prompt.slice(0, 4 * ANALYZE_CHARS) : prompt);
  const instruction = split.instruction.slice(0, ANALYZE_CHARS);
  const material = split.material;
  const materialIsCode = material.length >= 20 && CODEISH.test(material);
  const intent = intentOf(instruction, hasCode || materialIsCode);
  // Names written as code (`cancel()`, `validate(x)`) are what the user wants built or asked about: their
  // words are identifiers, not requirements.
  const words = instruction.replace(CODE_NAME, ' CODE ');
  const hard: Record<string, string[]> = {};
  for (const [name, re] of HARD) {
    const h = hits(re, words);
    if (h.length) hard[name] = [...new Set([...(hard[name] ?? []), ...h])];
  }
  const moderate: Record<string, string[]> = {};
  for (const [name, re] of MODERATE) {
    const h = hits(re, words);
    if (h.length) moderate[name] = h;
  }
  // Three or more listed items ("name, size and owner") are that many requirements; the options of a
  // labelling request ("as feat, fix or docs") are its answer space, not requirements.
  const flat = words.replace(/\([^)]*\)|\{[^}]*\}|\[[^\]]*\]|QUOTED/g, ' ');
  const items = intent.task === 'classification' ? 0 : listItems(flat);
  if (items) moderate.list = [`${items} items`];
  // A symptom is a bug to hunt when the instruction reports it, or when pasted errors come with a request to
  // debug or fix; an error pasted to be summarized or labelled is only the material.
  const debugging = intent.task === 'reasoning' || intent.task === 'code_generation';
  const head = debugging ? prompt.slice(0, ANALYZE_CHARS) : instruction;
  const symptomRe = (debugging ? SYMPTOMS : SYMPTOMS.slice(0, -1)).find((re) => re.test(head));
  const symptom = symptomRe ? symptomRe.exec(head)![0] : undefined;
  return {
    instruction,
    material,
    materialIsCode,
    words: countWords(instruction),
    totalWords: countWords(instruction) + countWords(material),
    question: /\?\s*$/.test(instruction.trim()) || /^(?:why|how|what|when|where|which|who|is|are|can|could|does|do|should|would)\b/i.test(instruction.trim()),
    judgement: JUDGEMENT.test(instruction),
    intent: intent.task,
    intentCue: intent.cue,
    intentStrength: intent.strength,
    hard,
    lowLevelConcurrency: LOW_LEVEL.test(instruction),
    moderate,
    narrow: hits(NARROW, words),
    symptom,
    intermittent: symptom !== undefined && INTERMITTENT.test(head),
    topicQuestion: TOPIC_QUESTION.test(instruction.trim().replace(POLITE, '')),
  };
}
