// @router: the participant's handler, called with a request, a context and a response stream of the test's
// own (the chat view itself needs a Copilot model, which is absent here). Against the fake providers.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { LlmRouterApi } from '../../../src/extension';
import type { AnswerMeta, ChatMeta } from '../../../src/vscode/chat/handler';
import { fakeLog as fullLog, fakeReset, fakeScript, until } from './helpers/fake';


/** The fake's log without inline (fill-in-the-middle) requests, which the editor may trigger on its own. */
const fakeLog = async () => (await fullLog()).filter((e) => e.path !== '/api/generate');
const EXTENSION_ID = 'llm-router.llm-router';
const RETRY = 'Retry with a stronger model';
const WHY = 'Why this model?';

interface ChatHooks {
  handler: vscode.ChatRequestHandler;
  followupProvider: vscode.ChatFollowupProvider;
}
let chat: ChatHooks;

/** A response stream that records what the handler streams. */
function recorder(onMarkdown?: (text: string) => void) {
  const rec = { markdown: '', progress: [] as string[], references: [] as (vscode.Uri | vscode.Location)[], buttons: [] as vscode.Command[], parts: 0 };
  const stream: vscode.ChatResponseStream = {
    markdown: (v) => {
      const text = typeof v === 'string' ? v : v.value;
      rec.markdown += text;
      rec.parts++;
      onMarkdown?.(text);
    },
    anchor: () => undefined,
    button: (c) => void rec.buttons.push(c),
    filetree: () => undefined,
    progress: (v) => void rec.progress.push(v),
    reference: (v) => void rec.references.push(v as vscode.Uri | vscode.Location),
    push: () => undefined,
  };
  return { stream, rec };
}

function request(prompt: string, command?: string, references: vscode.ChatPromptReference[] = []): vscode.ChatRequest {
  return { prompt, command, references, toolReferences: [], toolInvocationToken: undefined as never, model: undefined as never };
}

/** History turns as VS Code builds them (their constructors are private, so plain objects of the same shape). */
function turns(prompt: string, answer: string, meta: ChatMeta, command?: string): vscode.ChatContext['history'] {
  const asked = { prompt, command, references: [], toolReferences: [], participant: 'llm-router.router' } as unknown as vscode.ChatRequestTurn;
  const answered = { response: [new vscode.ChatResponseMarkdownPart(answer)], result: { metadata: meta }, participant: 'llm-router.router', command } as unknown as vscode.ChatResponseTurn;
  return [asked, answered];
}

async function ask(prompt: string, o: { command?: string; references?: vscode.ChatPromptReference[]; history?: vscode.ChatContext['history']; token?: vscode.CancellationToken; onMarkdown?: (t: string) => void } = {}) {
  const { stream, rec } = recorder(o.onMarkdown);
  const result = (await chat.handler(request(prompt, o.command, o.references), { history: o.history ?? [] }, stream, o.token ?? new vscode.CancellationTokenSource().token)) as vscode.ChatResult & { metadata: ChatMeta };
  return { rec, result, meta: result.metadata };
}

const followupLabels = async (result: vscode.ChatResult) =>
  ((await chat.followupProvider.provideFollowups(result, { history: [] }, new vscode.CancellationTokenSource().token)) ?? []).map((f) => f.label ?? f.prompt);

async function untitled(content: string, select?: [number, number, number, number]) {
  const doc = await vscode.workspace.openTextDocument({ language: 'typescript', content });
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  editor.selection = select ? new vscode.Selection(select[0], select[1], select[2], select[3]) : new vscode.Selection(0, 0, 0, 0);
  return editor;
}

const lastBody = async () => JSON.stringify((await fakeLog()).at(-1)?.body ?? {});

/** Closes every editor without a save prompt (the untitled test documents are dirty). */
async function closeEditors() {
  for (let i = 0; i < 20 && vscode.window.visibleTextEditors.length; i++) await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

suiteSetup(async () => {
  await (await vscode.extensions.getExtension<LlmRouterApi>(EXTENSION_ID)!.activate()).ready;
  chat = (await vscode.commands.executeCommand('llmRouter._test.chat')) as ChatHooks;
  assert.ok(chat?.handler, 'the chat hooks are registered');
});

setup(async () => {
  await fakeReset();
  await closeEditors();
});

suite('Chat participant @router', () => {
  test('free text is classified, routed with a progress line first, streamed, and ends with the footer', async () => {
    const { rec, meta } = await ask('write a function that parses ISO dates');
    assert.strictEqual(rec.progress[0], 'Routing to deepseek-coder:6.7b (simple code_generation, local)');
    assert.match(rec.markdown, /echo:[0-9a-f]{8}/, 'the answer streamed in');
    assert.ok(rec.parts >= 3, `streamed in pieces (${rec.parts} markdown parts)`);
    assert.match(rec.markdown, /\n---\n\*\*Model\*\* `ollama:deepseek-coder:6\.7b` · \*\*Why\*\* simple code\\_generation → ollama:deepseek-coder:6\.7b/);
    assert.match(rec.markdown, /\*\*Tokens\*\* \d+ in \/ \d+ out · \*\*Cost\*\* no charge · \*\*stayed local\*\*\n$/);
    assert.strictEqual(meta.kind, 'answer');
    assert.ok((meta as AnswerMeta).ok);
    const log = await fakeLog();
    assert.deepEqual(log.map((e) => [e.path, e.model]), [['/api/chat', 'deepseek-coder:6.7b']]);
  });

  test('followups: "Retry with a stronger model" (next tier) and "Why this model?"', async () => {
    const { result } = await ask('hello there');
    assert.deepEqual(await followupLabels(result), [`${RETRY} (fast cloud)`, WHY]);
  });

  test('/explain uses the editor selection as context and references it', async () => {
    await untitled('export function twice(n: number) {\n  return n * 2;\n}\n', [0, 0, 2, 1]);
    const { rec, meta } = await ask('', { command: 'explain' });
    assert.ok((meta as AnswerMeta).ok);
    assert.match(await lastBody(), /Explain[\s\S]*export function twice/);
    assert.ok(rec.references[0] instanceof vscode.Location);
    assert.match(rec.markdown, /\*\*Model\*\*/);
  });

  test('#file references are read and sent', async () => {
    const math = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'src', 'math.ts');
    const { rec } = await ask('what does mean() do with an empty list?', { references: [{ id: 'vscode.file', value: math }] });
    const body = await lastBody();
    assert.match(body, /src\/math\.ts/);
    assert.match(body, /mean of an empty list/);
    assert.strictEqual((rec.references[0] as vscode.Uri).toString(), math.toString());
  });

  test('private context stays local: #file:.env (no secret in it) never reaches the cloud; the same text from a public file does', async () => {
    const root = vscode.workspace.workspaceFolders![0].uri;
    const text = new TextEncoder().encode('FEATURE_FLAGS=checkout-v2,dark-mode\nROLLOUT_PERCENT=25\n');
    const [pub, env] = [vscode.Uri.joinPath(root, 'flags.txt'), vscode.Uri.joinPath(root, '.env.flags')];
    for (const u of [pub, env]) await vscode.workspace.fs.writeFile(u, text);
    const q = 'Design a safe rollout of these feature flags across regions: race conditions, failure modes and rollback, in depth.';
    const cloud = async () => (await fakeLog()).filter((e) => e.flavor !== 'ollama');
    const control = await ask(q, { references: [{ id: 'vscode.file', value: pub }] });
    assert.strictEqual((control.meta as AnswerMeta).provider, 'anthropic', 'a public file goes to the premium rule');
    await fakeReset();
    const { rec, meta } = await ask(q, { references: [{ id: 'vscode.file', value: env }] });
    assert.ok((meta as AnswerMeta).ok);
    assert.strictEqual((meta as AnswerMeta).provider, 'ollama');
    assert.match(rec.markdown, /stayed local/);
    assert.deepStrictEqual(await cloud(), []);
  });

  test('chat history goes along (answers without their footers)', async () => {
    const first = await ask('hello there');
    const history = turns('hello there', first.rec.markdown, first.meta);
    await ask('and one more thing', { history });
    const sent = ((await fakeLog()).at(-1)!.body as { messages: { role: string; content: string }[] }).messages;
    assert.deepEqual(sent.map((m) => m.role), ['system', 'user', 'assistant', 'user']);
    assert.strictEqual(sent[1].content, 'hello there');
    assert.match(sent[2].content, /^echo:[0-9a-f]{8}/);
    assert.doesNotMatch(sent[2].content, /\*\*Model\*\*/);
    assert.strictEqual(sent[3].content, 'and one more thing');
  });

  test('"Retry with a stronger model" escalates one tier and records the feedback in the ledger', async () => {
    const first = await ask('hello there');
    const firstMeta = first.meta as AnswerMeta;
    assert.strictEqual(firstMeta.provider, 'ollama');
    const { rec, meta } = await ask(RETRY, { history: turns('hello there', first.rec.markdown, first.meta) });
    assert.strictEqual(rec.progress[0], 'Retrying on the fast cloud tier or above…');
    assert.match(rec.progress[1], /^Routing to llama-3\.1-70b-versatile \(simple chat, groq, fast cloud\)$/);
    const answered = meta as AnswerMeta;
    assert.strictEqual(answered.provider, 'groq');
    assert.match(rec.markdown, /`groq:llama-3\.1-70b-versatile`/);
    assert.doesNotMatch(rec.markdown, /stayed local/);
    assert.match(answered.decision!.chain.find((s) => s.provider === 'ollama')!.skipped!, /below the fast_cloud tier/);
    const log = await fakeLog();
    assert.deepEqual(log.map((e) => e.path), ['/api/chat', '/openai/v1/chat/completions'], 'the same question went to the stronger tier');
    assert.match(JSON.stringify(log[1].body), /hello there/);
    assert.deepEqual(await followupLabels({ metadata: meta }), [`${RETRY} (premium)`, WHY]);
    const stateDir = process.env.LLM_ROUTER_STATE_DIR;
    assert.ok(stateDir, 'the e2e run sets LLM_ROUTER_STATE_DIR');
    const feedback = await until('the feedback line in the ledger', () => {
      const dir = path.join(stateDir, 'ledger');
      const lines = fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl')).flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').split('\n'));
      return lines.map((l) => (l.includes('"feedback"') ? JSON.parse(l) : undefined)).filter((e) => e?.signal === 'retry_stronger').at(-1);
    });
    assert.strictEqual(feedback.provider, 'ollama');
    assert.strictEqual(feedback.toProvider, 'groq');
    assert.strictEqual(feedback.taskType, 'chat');
  });

  test('a conversation that escalated keeps its tier on the next turn, and the decision says so', async () => {
    const first = await ask('hello there');
    const history = turns('hello there', first.rec.markdown, first.meta);
    const retried = await ask(RETRY, { history });
    assert.strictEqual((retried.meta as AnswerMeta).provider, 'groq');
    const next = await ask('and one more thing', { history: [...history, ...turns(RETRY, retried.rec.markdown, retried.meta)] });
    const meta = next.meta as AnswerMeta;
    assert.strictEqual(meta.provider, 'groq', 'the simple follow-up stays on the fast cloud tier');
    assert.match(meta.decision!.explanation, /· kept tier from earlier in this conversation$/);
    assert.match(next.rec.markdown, /kept tier from earlier in this conversation/, 'the footer says why');
    assert.deepEqual((await fakeLog()).map((e) => e.path), ['/api/chat', '/openai/v1/chat/completions', '/openai/v1/chat/completions']);
  });

  test('"Why this model?" shows the decision: chain, reasons, skipped steps, outcomes', async () => {
    const first = await ask('write a function that parses ISO dates');
    const before = (await fakeLog()).length;
    const { rec, meta } = await ask(WHY, { history: turns('write a function that parses ISO dates', first.rec.markdown, first.meta) });
    assert.strictEqual(meta.kind, 'why');
    assert.match(rec.markdown, /### Why `ollama:deepseek-coder:6\.7b`/);
    assert.match(rec.markdown, /\| 1 \| `ollama:deepseek-coder:6\.7b` \| Simple code: local code-optimized model \| ok \|/);
    assert.match(rec.markdown, /Rule \d+ `simple-code`/);
    assert.match(rec.markdown, /Classified as \*\*simple code_generation\*\*/);
    assert.strictEqual((await fakeLog()).length, before, 'no model called');
  });

  test('/route shows the decision without calling a model', async () => {
    const { rec, meta } = await ask('design a distributed lock service and explain the trade-offs in depth', { command: 'route' });
    assert.strictEqual(meta.kind, 'route');
    assert.match(rec.markdown, /complex reasoning → anthropic:/);
    assert.match(rec.markdown, /No model was called/);
    assert.strictEqual((await fakeLog()).length, 0);
  });

  test("/spend shows today's spend", async () => {
    const { rec, meta } = await ask('', { command: 'spend' });
    assert.strictEqual(meta.kind, 'spend');
    assert.match(rec.markdown, /### Spend today\n\n- Today \(\d{4}-\d{2}-\d{2}\): \$[\d.]+ of \$10\.00 spent/);
  });

  test('/refactor offers an Apply button that replaces the selection in one undoable edit', async () => {
    await fakeScript([{ text: '```ts\nexport const twice = (n: number) => n * 2;\n```' }], { path: '/api/chat' });
    const editor = await untitled('// header\nexport function twice(n: number) {\n  return n * 2;\n}\n', [1, 0, 3, 1]);
    const before = editor.document.getText();
    const { rec } = await ask('', { command: 'refactor' });
    const button = rec.buttons[0];
    assert.ok(button, 'an Apply button');
    assert.match(button.title, /^Apply to /);
    assert.strictEqual(await vscode.commands.executeCommand(button.command, ...(button.arguments ?? [])), true);
    assert.strictEqual(editor.document.getText(), '// header\nexport const twice = (n: number) => n * 2;\n');
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(editor.document.getText(), before);
  });

  test('cancelling aborts upstream; no footer, no followups', async () => {
    // The server holds the stream open after one chunk: only the extension closing it ends the request.
    await fakeScript([{ hangAfter: 1 }], { path: '/api/chat' });
    const cts = new vscode.CancellationTokenSource();
    const { rec, result } = await ask('hello there', { token: cts.token, onMarkdown: () => cts.cancel() });
    assert.ok((result.metadata as AnswerMeta).cancelled);
    assert.doesNotMatch(rec.markdown, /\*\*Model\*\*/);
    assert.deepEqual(await followupLabels(result), []);
    const entry = await until('the close', async () => (await fakeLog()).find((e) => e.closedAt));
    assert.strictEqual(entry.outcome, 'client_aborted');
    assert.ok(entry.chunksSent <= 1);
  });

  test('no usable model: an error result, not an exception', async () => {
    await fakeScript([500, 500, 500, 500], {});
    const { result } = await ask('hello there');
    assert.match(result.errorDetails?.message ?? '', /LLM Router: /);
    assert.deepEqual(await followupLabels(result), []);
  });
});
