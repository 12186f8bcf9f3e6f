// What may be sent at all: binary data never is. Text with a NUL character, or with more than BINARY_SHARE of
// it undecodable (U+FFFD, or invalid UTF-8 in a file's bytes), is refused with "binary file: not sent", on
// every entry point (the router checks every request; the CLI and the editor also check the files they read,
// to name them).
import { basename } from 'node:path';
import { RouterError } from './errors';

export const BINARY_REFUSAL = 'binary file: not sent';
/** Undecodable characters above this share of a text make it binary (Latin-1 prose stays below it). */
export const BINARY_SHARE = 0.1;

export class BinaryInputError extends RouterError {
  override name = 'BinaryInputError';
  /** `what`: the file or message it came from. */
  constructor(readonly what?: string) {
    super(what ? `${what}: ${BINARY_REFUSAL}` : BINARY_REFUSAL);
  }
}

const REPLACEMENT = '\uFFFD';

function count(text: string, needle: string, stopAbove: number): number {
  let n = 0;
  for (let i = text.indexOf(needle); i >= 0 && n <= stopAbove; i = text.indexOf(needle, i + 1)) n++;
  return n;
}

/** Verdicts the analysis thread reached on large texts (core/analysis.ts), by text. */
const judged = new Map<string, boolean>();
const JUDGED_KEPT = 64;

export function rememberBinary(text: string, binary: boolean): void {
  if (judged.size >= JUDGED_KEPT) judged.delete(judged.keys().next().value!);
  judged.set(text, binary);
}

/** A NUL character, or undecodable characters above BINARY_SHARE of the text. */
export function isBinaryText(text: string): boolean {
  const known = judged.size ? judged.get(text) : undefined;
  if (known !== undefined) return known;
  if (text.includes('\0')) return true;
  const limit = Math.floor(text.length * BINARY_SHARE);
  return count(text, REPLACEMENT, limit) > limit;
}

/**
 * A file's bytes as text: UTF-8 (a UTF-8 BOM is dropped), or UTF-16 with a BOM. Throws BinaryInputError when
 * they are binary: a NUL byte, or invalid UTF-8 above BINARY_SHARE of the bytes.
 */
export function decodeText(bytes: Uint8Array, what?: string): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return checked(new TextDecoder('utf-16le').decode(bytes.subarray(2)), what);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return checked(new TextDecoder('utf-16be').decode(bytes.subarray(2)), what);
  if (bytes.includes(0)) throw new BinaryInputError(what);
  const text = new TextDecoder('utf-8').decode(bytes);
  // U+FFFD that was in the file (EF BF BD) is text; only the ones decoding made count.
  const made = count(text, REPLACEMENT, Infinity) - occurrences(bytes, [0xef, 0xbf, 0xbd]);
  if (made > bytes.length * BINARY_SHARE) throw new BinaryInputError(what);
  return text;
}

const checked = (text: string, what?: string) => {
  if (isBinaryText(text)) throw new BinaryInputError(what);
  return text;
};

function occurrences(bytes: Uint8Array, seq: readonly number[]): number {
  let n = 0;
  for (let i = bytes.indexOf(seq[0]); i >= 0; i = bytes.indexOf(seq[0], i + 1)) {
    if (bytes[i + 1] === seq[1] && bytes[i + 2] === seq[2]) n++;
  }
  return n;
}

/**
 * The refusal for a request that holds binary data, undefined when all of it is text. It names the file when the
 * binary text is the subject of a request from one file (an editor action on a document), else the message.
 */
export function binaryInput(req: { messages: readonly { content: string }[]; subject?: string; files: readonly string[] }): BinaryInputError | undefined {
  const i = req.messages.findIndex((m) => isBinaryText(m.content));
  if (i < 0) return undefined;
  if (req.files.length === 1 && req.subject !== undefined && isBinaryText(req.subject)) return binaryFile(req.files);
  return new BinaryInputError(req.messages.length > 1 ? `message ${i + 1}` : undefined);
}

/** The refusal for binary text from `files`: named after the file when there is one. */
export const binaryFile = (files: readonly string[]) => new BinaryInputError(files.length === 1 ? basename(files[0]) : undefined);
