// One day's JSON Lines file: atomic O_APPEND writes, and a tail reader that remembers its byte offset so
// catching up costs one fstat plus the new bytes, never a re-read of the file.
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export interface NewLines {
  text: string;
  /** The file shrank (truncated or replaced): the caller must replay from scratch. */
  restarted: boolean;
}

export class DayLog {
  private fd: number | undefined;
  private offset = 0;

  constructor(readonly path: string) {}

  /** One write() on an O_APPEND descriptor: the line lands whole, after every line written before it. */
  append(line: string): void {
    const buf = Buffer.from(line);
    const fd = this.open(true)!;
    let done = 0;
    while (done < buf.length) done += writeSync(fd, buf, done, buf.length - done);
  }

  /** The complete lines appended (by any process) since the last call; a partial last line waits. */
  readNew(): NewLines {
    const fd = this.open(false);
    if (fd === undefined) return { text: '', restarted: false };
    const size = fstatSync(fd).size;
    let restarted = false;
    if (size < this.offset) {
      this.offset = 0;
      restarted = true;
    }
    if (size === this.offset) return { text: '', restarted };
    const buf = Buffer.allocUnsafe(size - this.offset);
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, this.offset + got);
      if (n === 0) break;
      got += n;
    }
    const end = buf.lastIndexOf(10, got - 1);
    if (end < 0) return { text: '', restarted };
    this.offset += end + 1;
    return { text: buf.toString('utf8', 0, end + 1), restarted };
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private open(create: boolean): number | undefined {
    if (this.fd === undefined) {
      if (!create && !existsSync(this.path)) return undefined;
      mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
      this.fd = openSync(this.path, 'a+', 0o600);
    }
    return this.fd;
  }
}
