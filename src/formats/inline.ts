// Inline codes (formatting tags, placeholders) inside a segment. Matching sees only the text;
// the codes are kept as a TMX 1.4b `<seg>` body so that export can write them back. XLIFF codes
// are turned into TMX ones on the way in: paired tags (<g>, <pc>) become <bpt>/<ept> holding
// the original tag as native code, empty tags (<x/>, <ph/>, <sc/>, …) a <ph>, markers (<mrk>)
// a <hi> around their text.
import { attr, textOf, type XmlNode } from './xml-input.js';
import { attrs, escapeText, serializeChildren, serializeNode } from './xml-write.js';

/** A segment's plain text and, when it has inline codes, its TMX markup. */
export interface InlineText {
  text: string;
  markup?: string;
}

/** TMX elements whose content is native code, not text. */
const TMX_CODES = new Set(['bpt', 'ept', 'ph', 'it', 'ut']);

/** The text and markup of a TMX `<seg>`. */
export function tmxSegment(seg: XmlNode): InlineText {
  let hasCodes = false;
  const text = (n: XmlNode): string => {
    let out = '';
    for (const c of n.children) {
      if (typeof c === 'string') out += c;
      else {
        hasCodes = true;
        if (!TMX_CODES.has(c.name)) out += text(c);
      }
    }
    return out;
  };
  const plain = text(seg);
  return hasCodes ? { text: plain, markup: serializeChildren(seg) } : { text: plain };
}

/** The text and TMX markup of an XLIFF 1.2 or 2.0 `<source>`/`<target>` (or `<mrk mtype="seg">`). */
export function xliffSegment(node: XmlNode): InlineText {
  let hasCodes = false;
  let pairs = 0;
  const walk = (n: XmlNode): { text: string; markup: string } => {
    let text = '';
    let markup = '';
    for (const c of n.children) {
      if (typeof c === 'string') {
        text += c;
        markup += escapeText(c);
        continue;
      }
      hasCodes = true;
      switch (c.name) {
        case 'g':
        case 'pc': {
          const i = ++pairs;
          const inner = walk(c);
          const open = serializeNode({ ...c, children: [] }).replace(/\/>$/, '>');
          text += inner.text;
          markup += `<bpt i="${i}">${escapeText(open)}</bpt>${inner.markup}<ept i="${i}">${escapeText(`</${c.qname}>`)}</ept>`;
          break;
        }
        case 'mrk': {
          const inner = walk(c);
          text += inner.text;
          markup += `<hi${attrs({ type: attr(c, 'mtype') ?? attr(c, 'type') })}>${inner.markup}</hi>`;
          break;
        }
        case 'bpt':
        case 'ept':
          markup += `<${c.name} i="${escapeText(attr(c, 'rid') ?? attr(c, 'id') ?? String(++pairs))}">${escapeText(textOf(c))}</${c.name}>`;
          break;
        case 'it':
          markup += `<it pos="${attr(c, 'pos') === 'close' ? 'end' : 'begin'}">${escapeText(textOf(c))}</it>`;
          break;
        case 'ph':
          markup += c.children.length ? `<ph>${escapeText(textOf(c))}</ph>` : `<ph>${escapeText(serializeNode(c))}</ph>`;
          break;
        case 'x':
        case 'bx':
        case 'ex':
        case 'sc':
        case 'ec':
        case 'sm':
        case 'em':
        case 'cp':
          markup += `<ph>${escapeText(serializeNode(c))}</ph>`;
          break;
        default: {
          // An extension element: its text is text.
          const inner = walk(c);
          text += inner.text;
          markup += inner.markup;
        }
      }
    }
    return { text, markup };
  };
  const r = walk(node);
  return hasCodes ? { text: r.text, markup: r.markup } : { text: r.text };
}
