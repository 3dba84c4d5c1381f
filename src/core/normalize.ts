// SPEC's norm(): NFC, each run of white space as one space, trimmed. Nothing else: case,
// punctuation and diacritics are part of the text a translator approved.

const WHITESPACE_RUN = /\s+/gu;

/** The normal form every stored and queried text is compared in. */
export function norm(text: string): string {
  if (isPlainNfc(text, false)) return text;
  return text.normalize('NFC').replace(WHITESPACE_RUN, ' ').trim();
}

/** NFC and trimmed, white space inside kept as it is: how a pair's display text is stored. */
export function nfcTrim(text: string): string {
  if (isPlainNfc(text, true)) return text;
  return text.normalize('NFC').trim();
}

/**
 * True when the text is certainly its own normal form, checked in one pass over its units
 * (an import normalises millions of texts, nearly all of them already normal). Below
 * U+0300 every character is NFC on its own and none combines with another below U+0300
 * (Unicode's NFC_Quick_Check is Yes for all of them), so such a text is NFC. Its white
 * space below U+0300 is U+0009–U+000D, U+0020 and U+00A0 (what /\s/u matches there); with
 * `innerRuns` any run inside is allowed, else only single spaces.
 */
function isPlainNfc(text: string, innerRuns: boolean): boolean {
  const n = text.length;
  if (n === 0) return true;
  let prevSpace = true; // no white space at the start
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x300) return false;
    if (c === 32 || (c >= 9 && c <= 13) || c === 0xa0) {
      if (innerRuns) {
        if (i === 0) return false;
      } else if (prevSpace || c !== 32) return false;
      prevSpace = true;
    } else prevSpace = false;
  }
  return !prevSpace;
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
