// What may never be part of a stored text: control characters (C0 and C1, and DEL) other
// than the white space tab, line feed and carriage return, the noncharacters U+FFFE and
// U+FFFF, and lone surrogates. None of them is text a translator typed; all of them come
// from broken files (a gettext catalogue's BEL, Windows-1252 read as Latin-1), and the
// C0 ones and the noncharacters cannot be written to XML at all, so a TMX export of a TM
// that held one would fail. Tab and line breaks are white space: every format but TSV
// holds them, and matching reads them as a space.

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// eslint-disable-next-line no-control-regex
const UNSAFE_ALL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Short names of the control characters people meet in broken files. */
const NAMES: Record<number, string> = {
  0x00: 'NUL',
  0x07: 'BEL',
  0x08: 'backspace',
  0x0b: 'vertical tab',
  0x0c: 'form feed',
  0x1a: 'SUB',
  0x1b: 'ESC',
  0x7f: 'DEL',
  0x85: 'NEL',
};

/** U+0007 (BEL), U+D800 (a lone surrogate), … */
export function describeCharacter(code: number): string {
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (code >= 0xd800 && code <= 0xdfff) return `${hex} (half of a character pair, without its other half)`;
  if (code === 0xfffe || code === 0xffff) return `${hex} (not a character)`;
  return NAMES[code] ? `${hex} (${NAMES[code]})` : `${hex} (a control character)`;
}

/** Where a text holds a character no stored text may hold, and which; null when it is clean. */
export function findUnsafe(text: string): { index: number; code: number } | null {
  const m = UNSAFE.exec(text);
  return m ? { index: m.index, code: m[0].charCodeAt(0) } : null;
}

/** Why a text may not be stored ("the Dutch text contains U+0007 (BEL) at character 12"), or null. */
export function unsafeTextReason(text: string, what: string): string | null {
  const hit = findUnsafe(text);
  if (!hit) return null;
  return `${what} contains ${describeCharacter(hit.code)} at character ${hit.index + 1}; remove it and try again`;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]/;

/**
 * `unsafeTextReason` for the control characters and noncharacters only: what a file can
 * carry. (A lone surrogate cannot come from a file, every reader decodes it to text first;
 * the store skips one that a program hands over.)
 */
export function controlTextReason(text: string, what: string): string | null {
  const m = CONTROL.exec(text);
  return m ? `${what} contains ${describeCharacter(m[0].charCodeAt(0))} at character ${m.index + 1}; remove it and try again` : null;
}

/** The text without any character `findUnsafe` finds (for `ntm doctor --repair`). */
export function withoutUnsafe(text: string): string {
  return text.replace(UNSAFE_ALL, '');
}
