// Writing XML by hand is only escaping: the writers emit a fixed, small vocabulary (TMX, TBX),
// so a few escaping functions are clearer than a serializer library, and they stream.
import { InputError } from '../core/errors.js';
import type { XmlNode } from './xml-input.js';

// Characters XML 1.0 cannot carry at all, not even as references.
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/u;

/** Text escaped for element content. */
export function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Text escaped for a double-quoted attribute (white space kept as character references). */
export function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

/** The first character in `s` that XML cannot hold, as "U+0007", or null. */
export function notXmlCharacter(s: string): string | null {
  const m = NOT_XML.exec(s);
  return m ? `U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : null;
}

/** A written piece of XML, refused (naming the pair) if it holds a character XML cannot. */
export function xmlChecked(id: number, xml: string): string {
  const bad = notXmlCharacter(xml);
  if (bad) throw new InputError(`pair #${id} contains the control character ${bad}, which XML cannot hold`);
  return xml;
}

/** Refuses a text XML cannot represent, naming what it belongs to. */
export function assertXmlText(s: string, what: string): void {
  const m = NOT_XML.exec(s);
  if (m) {
    const code = m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    throw new InputError(`${what} contains the control character U+${code}, which XML cannot hold; edit it first`);
  }
}

/** Attributes as ` name="value"` pairs, in the order given. */
export function attrs(values: Record<string, string | number | undefined | null>): string {
  let out = '';
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== null) out += ` ${k}="${escapeAttr(String(v))}"`;
  return out;
}

/** An element read back out exactly as a record held it (names, attributes, text). */
export function serializeNode(node: XmlNode): string {
  const open = `<${node.qname}${attrs(node.attrs)}`;
  if (node.children.length === 0) return `${open}/>`;
  return `${open}>${serializeChildren(node)}</${node.qname}>`;
}

/** The content of an element, serialized. */
export function serializeChildren(node: XmlNode): string {
  let out = '';
  for (const c of node.children) out += typeof c === 'string' ? escapeText(c) : serializeNode(c);
  return out;
}
