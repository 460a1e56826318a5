/**
 * OFD page content (GB/T 33190): text objects placed by Boundary (top-left, millimetres) with the
 * baseline given by TextCode Y and glyph advances by DeltaX in the compressed 'g n v' form real
 * producers write. A page draws its form labels through a template page and its values itself.
 */
import { escapeXml } from '../render/xml-text.js';

export const OFD_NS = 'http://www.ofdspec.org/2016';

/** Font resource IDs declared in PublicRes.xml. */
export const FONTS = { label: 2, value: 3, digits: 4 } as const;

export interface TextObject {
  id: number;
  text: string;
  /** Left edge and baseline, mm. */
  x: number;
  baseline: number;
  /** Em size, mm. */
  size: number;
  font: number;
}

const num = (v: number): string => String(Math.round(v * 10_000) / 10_000);

/** Advance of each glyph as the synthetic fonts set it: ASCII half an em, the rest a full em. */
const advance = (ch: string, size: number) => (ch.charCodeAt(0) < 0x7f ? 0.5 : 1) * size;

/** DeltaX for all glyphs but the last, runs of equal values compressed to 'g n v'. */
export function deltaX(text: string, size: number): string {
  const values = [...text].slice(0, -1).map((ch) => num(advance(ch, size)));
  const out: string[] = [];
  for (let i = 0; i < values.length; ) {
    let j = i;
    while (j < values.length && values[j] === values[i]) j++;
    out.push(j - i > 1 ? `g ${j - i} ${values[i]}` : values[i]!);
    i = j;
  }
  return out.join(' ');
}

export function textObjectXml(t: TextObject): string {
  const width = [...t.text].reduce((w, ch) => w + advance(ch, t.size), 0);
  const top = t.baseline - t.size;
  const deltas = deltaX(t.text, t.size);
  return (
    `<ofd:TextObject ID="${t.id}" Boundary="${num(t.x)} ${num(top)} ${num(width + 0.5)} ${num(t.size * 1.4)}" Font="${t.font}" Size="${num(t.size)}">` +
    `<ofd:TextCode X="0" Y="${num(t.size)}"${deltas ? ` DeltaX="${deltas}"` : ''}>${escapeXml(t.text)}</ofd:TextCode></ofd:TextObject>`
  );
}

export interface PageContent {
  width: number;
  height: number;
  layerId: number;
  objects: TextObject[];
  /** Set on a page drawn over a template page. */
  templateId?: number;
}

export function pageXml(page: PageContent): string {
  const template = page.templateId === undefined ? '' : `<ofd:Template TemplateID="${page.templateId}" ZOrder="Background"/>`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Page xmlns:ofd="${OFD_NS}"><ofd:Area><ofd:PhysicalBox>0 0 ${num(page.width)} ${num(page.height)}</ofd:PhysicalBox></ofd:Area>` +
    `${template}<ofd:Content><ofd:Layer ID="${page.layerId}">${page.objects.map(textObjectXml).join('')}</ofd:Layer></ofd:Content></ofd:Page>`
  );
}
