// The text and inline codes of an XLIFF 1.2 or 2.0 <source>/<target> as pieces: what check
// compares (tag-mismatch) and what `ntm finish` writes back into the article. Paired codes
// (<g>, <pc>, <bpt>/<ept>, <bx>/<ex>, <sc>/<ec>) open and close by id; empty ones (<x/>,
// <ph/>, <it>) are placeholders; markers (<mrk>) and other elements only hold text.
import type { Piece } from '../core/inline.js';
import { attr, type XmlNode } from './xml-input.js';

/** The pieces of a segment element, in order. */
export function xliffPieces(node: XmlNode): Piece[] {
  const out: Piece[] = [];
  let anonymous = 0;
  const idOf = (n: XmlNode, ...names: string[]): string => {
    for (const name of names) {
      const v = attr(n, name);
      if (v !== undefined) return v;
    }
    return `?${++anonymous}`;
  };
  const ctypeOf = (n: XmlNode): { ctype?: string } => {
    const c = attr(n, 'ctype') ?? attr(n, 'type');
    return c ? { ctype: c } : {};
  };
  const walk = (n: XmlNode): void => {
    for (const c of n.children) {
      if (typeof c === 'string') {
        if (c) out.push({ kind: 'text', text: c });
        continue;
      }
      switch (c.name) {
        case 'g':
        case 'pc': {
          const id = idOf(c, 'id');
          out.push({ kind: 'open', id, ...ctypeOf(c) });
          walk(c);
          out.push({ kind: 'close', id });
          break;
        }
        case 'bpt':
        case 'bx':
        case 'sc':
          out.push({ kind: 'open', id: idOf(c, 'rid', 'id'), ...ctypeOf(c) });
          break;
        case 'ept':
        case 'ex':
          out.push({ kind: 'close', id: idOf(c, 'rid', 'id') });
          break;
        case 'ec':
          out.push({ kind: 'close', id: idOf(c, 'startRef', 'rid', 'id') });
          break;
        case 'x':
        case 'ph':
        case 'it':
        case 'cp':
          out.push({ kind: 'ph', id: idOf(c, 'id'), ...ctypeOf(c) });
          break;
        case 'sm':
        case 'em':
          break;
        default:
          // <mrk> and extension elements: their text is text.
          walk(c);
      }
    }
  };
  walk(node);
  return out;
}
