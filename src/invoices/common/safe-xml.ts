import { XMLParser } from 'fast-xml-parser';
import { InvoiceParseError } from '../fields.js';

/**
 * XML parsing for untrusted invoice files. A DOCTYPE or ENTITY declaration is refused before the
 * parser sees the text (entity expansion, external entities); the parser never processes entities
 * itself, only the five predefined ones and character references are decoded here; size and
 * nesting depth are bounded.
 */
export interface XmlElement {
  /** Local name, namespace prefix removed. */
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Direct text content (text and CDATA nodes concatenated, entities decoded), untrimmed. */
  text: string;
}

export interface XmlLimits {
  maxChars?: number;
  maxDepth?: number;
}

const DEFAULT_LIMITS = { maxChars: 8 * 1024 * 1024, maxDepth: 64 };
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeXmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|amp|lt|gt|quot|apos);/gu, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return PREDEFINED[ref] ?? whole;
  });
}

/** Strips a BOM and refuses DTDs; the check is on the raw text so nothing is ever expanded. */
export function assertSafeXmlText(text: string, what: string, limits: XmlLimits = {}): string {
  const maxChars = limits.maxChars ?? DEFAULT_LIMITS.maxChars;
  if (text.length > maxChars) {
    throw new InvoiceParseError('XML_TOO_LARGE', `${what} is larger than ${maxChars} characters`);
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (/<!DOCTYPE/iu.test(body) || /<!ENTITY/iu.test(body)) {
    throw new InvoiceParseError(
      'XML_DTD_FORBIDDEN',
      `${what} declares a DOCTYPE or ENTITY; document type definitions are not accepted`,
    );
  }
  return body;
}

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

function convert(node: OrderedNode): XmlElement | string | null {
  if (typeof node['#text'] === 'string') return decodeXmlEntities(node['#text']);
  if (Array.isArray(node['#cdata'])) {
    return (node['#cdata'] as OrderedNode[]).map((c) => (typeof c['#text'] === 'string' ? c['#text'] : '')).join('');
  }
  const name = Object.keys(node).find((k) => k !== ':@');
  if (name === undefined || name.startsWith('?') || name === '#comment') return null;
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(node[':@'] ?? {})) attrs[k] = decodeXmlEntities(String(v));
  const element: XmlElement = { name, attrs, children: [], text: '' };
  const kids = node[name];
  for (const kid of Array.isArray(kids) ? (kids as OrderedNode[]) : []) {
    const converted = convert(kid);
    if (typeof converted === 'string') element.text += converted;
    else if (converted) element.children.push(converted);
  }
  return element;
}

/** Parses untrusted XML into a small element tree; returns the root element. */
export function parseXmlSafely(text: string, what: string, limits: XmlLimits = {}): XmlElement {
  const body = assertSafeXmlText(text, what, limits);
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    processEntities: false,
    htmlEntities: false,
    cdataPropName: '#cdata',
    maxNestedTags: limits.maxDepth ?? DEFAULT_LIMITS.maxDepth,
    jPath: false,
  });
  let nodes: unknown;
  try {
    nodes = parser.parse(body);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    const code = /nested/iu.test(reason) ? 'XML_TOO_DEEP' : 'XML_MALFORMED';
    throw new InvoiceParseError(code, `${what} is not readable XML: ${reason}`);
  }
  for (const node of Array.isArray(nodes) ? (nodes as OrderedNode[]) : []) {
    const converted = convert(node);
    if (converted && typeof converted !== 'string') return converted;
  }
  throw new InvoiceParseError('XML_MALFORMED', `${what} has no root element`);
}

/** First child with the given local name. */
export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === name);
}

/** All children with the given local name. */
export function childrenNamed(el: XmlElement | undefined, name: string): XmlElement[] {
  return el ? el.children.filter((c) => c.name === name) : [];
}

/** Follows a path of local names from el; undefined when any step is missing. */
export function pathOf(el: XmlElement | undefined, ...names: string[]): XmlElement | undefined {
  let cur = el;
  for (const n of names) cur = child(cur, n);
  return cur;
}

/** Text of the element at path, or undefined when absent. */
export function textAt(el: XmlElement | undefined, ...names: string[]): string | undefined {
  return pathOf(el, ...names)?.text;
}

/** Depth-first walk over every element below (and including) el. */
export function* walk(el: XmlElement): Generator<XmlElement> {
  const stack: XmlElement[] = [el];
  while (stack.length > 0) {
    const cur = stack.pop()!;
    yield cur;
    for (let i = cur.children.length - 1; i >= 0; i--) stack.push(cur.children[i]!);
  }
}
