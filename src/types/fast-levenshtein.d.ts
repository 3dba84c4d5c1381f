// fast-levenshtein 3.x ships no types; this is the part of its API ntm uses.
declare module 'fast-levenshtein' {
  const levenshtein: { get(a: string, b: string, options?: { useCollator?: boolean }): number };
  export default levenshtein;
}
