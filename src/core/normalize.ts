// SPEC's norm(): NFC, each run of white space as one space, trimmed. Nothing else: case,
// punctuation and diacritics are part of the text a translator approved.

const WHITESPACE_RUN = /\s+/gu;

/** The normal form every stored and queried text is compared in. */
export function norm(text: string): string {
  return text.normalize('NFC').replace(WHITESPACE_RUN, ' ').trim();
}

/** True when a text has nothing but white space (or nothing at all). */
export function isBlank(text: string): boolean {
  return norm(text).length === 0;
}

/**
 * Case folding for search (concordance), one UTF-16 unit in, one out, so that positions in
 * the folded text are positions in the original and highlighting lines up.
 */
export function foldCase(text: string): string {
  let out = '';
  for (const ch of text) {
    const lower = ch.toLowerCase();
    out += lower.length === ch.length ? lower : ch;
  }
  return out;
}
