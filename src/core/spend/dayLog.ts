// One day's JSON Lines file: atomic O_APPEND writes, and a tail reader that remembers its byte offset so
// catching up costs one fstat plus the new bytes, never a re-read of the file. Reading needs no write
// access, so a read-only ledger can still be read. A write cut short (a full disk) leaves a torn fragment:
// the next line starts on a line of its own.
import { accessSync, closeSync, constants, existsSync, fstatSync, mkdirSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export interface NewLines {
  text: string;
  /** The 1-based number of the first line of `text` in the file. */
  firstLine: number;
  /** The file shrank (truncated or replaced): the caller must replay from scratch. */
  restarted: boolean;
}

export class DayLog {
  private readFd: number | undefined;
  private appendFd: number | undefined;
  private offset = 0;
  /** Complete lines read so far. */
  private lines = 0;
  /** The last append stopped part-way: the next one first ends that fragment's line. */
  private torn = false;

  constructor(readonly path: string) {}

  /** One write() on an O_APPEND descriptor: the line lands whole, after every line written before it. */
  append(line: string): void {
    const fd = this.openForAppend();
    const buf = Buffer.from(this.torn ? '\n' + line : line);
    let done = 0;
    try {
      while (done < buf.length) done += writeSync(fd, buf, done, buf.length - done);
      this.torn = false;
    } catch (err) {
      if (done > 0) this.torn = true;
      throw err;
    }
  }

  /** The complete lines appended (by any process) since the last call; a partial last line waits. */
  readNew(): NewLines {
    const fd = this.openForReading();
    if (fd === undefined) return { text: '', firstLine: 1, restarted: false };
    const size = fstatSync(fd).size;
    let restarted = false;
    if (size < this.offset) {
      this.offset = 0;
      this.lines = 0;
      restarted = true;
    }
    const firstLine = this.lines + 1;
    if (size === this.offset) return { text: '', firstLine, restarted };
    const buf = Buffer.allocUnsafe(size - this.offset);
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, this.offset + got);
      if (n === 0) break;
      got += n;
    }
    const end = buf.lastIndexOf(10, got - 1);
    if (end < 0) return { text: '', firstLine, restarted };
    this.offset += end + 1;
    for (let i = buf.indexOf(10); i >= 0 && i <= end; i = buf.indexOf(10, i + 1)) this.lines++;
    return { text: buf.toString('utf8', 0, end + 1), firstLine, restarted };
  }

  /** Opens (creating) the file for appending; throws when it cannot be written (read-only, not a directory…). */
  openForAppend(): number {
    if (this.appendFd === undefined) {
      mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
      this.appendFd = openSync(this.path, 'a', 0o600);
    }
    return this.appendFd;
  }

  /** Throws when the file could not be written; creates nothing (the folder may not exist yet). */
  probeWritable(): void {
    if (this.appendFd !== undefined) return;
    if (existsSync(this.path)) {
      this.openForAppend();
      return;
    }
    let dir = dirname(this.path);
    while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, '${dir}'`), { code: 'ENOTDIR' });
    accessSync(dir, constants.W_OK);
  }

  close(): void {
    for (const fd of [this.readFd, this.appendFd]) if (fd !== undefined) closeSync(fd);
    this.readFd = this.appendFd = undefined;
  }

  /** Undefined while the file does not exist; throws when it cannot be read (a directory, no permission). */
  private openForReading(): number | undefined {
    if (this.readFd === undefined) {
      try {
        this.readFd = openSync(this.path, 'r');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
    }
    return this.readFd;
  }
}
