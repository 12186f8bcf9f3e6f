// Small wording helpers for what users read.

/** "1 request", "2 requests". */
export const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n === 1 ? word : many}`;
