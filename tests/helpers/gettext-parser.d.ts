// The part of gettext-parser (no bundled types) the tests use: reading a compiled .mo file.
declare module 'gettext-parser' {
  interface Entry {
    msgid: string;
    msgstr: string[];
  }
  const gettextParser: {
    mo: { parse(buffer: Buffer): { translations: Record<string, Record<string, Entry>> } };
  };
  export default gettextParser;
}
