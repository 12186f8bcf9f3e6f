// Turns a streamed model answer into the code to insert, while it streams: the inside of the first fenced
// block (a preface line ending in ':' is skipped), or the whole answer when it has no fence. Trailing
// whitespace waits until more code follows, and each new line gets the cursor's indentation. Pure.

type Mode = 'detect' | 'preface' | 'fenced' | 'raw' | 'closed';

const FENCE_OPEN = /^[ \t]*```[^\n`]*\n/m;
const FENCE_CLOSE = /(?:^|\n)[ \t]*```/;

export class CodeStream {
  private mode: Mode = 'detect';
  /** Received, not yet emitted (in fenced mode: only what follows the opening fence line). */
  private buf = '';
  private emitted = '';
  /** A newline went out; its indentation waits for the next character (so blank lines stay blank). */
  private indentDue = false;

  constructor(private readonly indent = '') {}

  /** Everything emitted so far. */
  get text(): string {
    return this.emitted;
  }

  /** Feeds a piece of the answer; returns the code to insert now (possibly ''). */
  push(delta: string): string {
    if (this.mode === 'closed') return '';
    this.buf += delta;
    if (this.mode === 'detect') {
      const head = this.buf.trimStart();
      const nl = this.buf.indexOf('\n');
      if (head.startsWith('```')) this.mode = 'preface'; // an opener without its line end yet
      else if (!head || (nl < 0 && '```'.startsWith(head))) return '';
      else if (nl < 0) return '';
      else this.mode = /:\s*$/.test(this.buf.slice(0, nl)) ? 'preface' : 'raw';
    }
    if (this.mode === 'preface') {
      const m = FENCE_OPEN.exec(this.buf);
      if (!m) return '';
      this.buf = this.buf.slice(m.index + m[0].length);
      this.mode = 'fenced';
    }
    return this.drain(false);
  }

  /** The rest, once the answer is complete. */
  end(): string {
    if (this.mode === 'detect' || this.mode === 'preface') this.mode = 'raw';
    const out = this.drain(true);
    this.mode = 'closed';
    return out;
  }

  private drain(final: boolean): string {
    let ready = '';
    if (this.mode === 'fenced') {
      const close = FENCE_CLOSE.exec(this.buf);
      if (close) {
        ready = this.buf.slice(0, close.index);
        this.buf = '';
        this.mode = 'closed';
      } else if (final) {
        ready = this.buf.trimEnd();
        this.buf = '';
      } else {
        // The line after the last line break may still turn out to be the closing fence.
        const at = this.buf.lastIndexOf('\n');
        if (at >= 0) {
          ready = this.buf.slice(0, at);
          this.buf = this.buf.slice(at);
        }
      }
    } else if (this.mode === 'raw') {
      ready = this.buf.trimEnd();
      this.buf = final ? '' : this.buf.slice(ready.length);
    }
    if (!this.emitted) ready = ready.replace(/^(?:[ \t]*\n)+/, '');
    return this.emit(ready);
  }

  private emit(code: string): string {
    let out = '';
    for (const ch of code) {
      if (this.indentDue && ch !== '\n') out += this.indent;
      this.indentDue = ch === '\n';
      out += ch;
    }
    this.emitted += out;
    return out;
  }
}
