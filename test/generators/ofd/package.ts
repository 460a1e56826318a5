/**
 * The OFD container: OFD.xml (document info with CustomDatas), Doc_0/Document.xml listing template
 * pages, pages, attachments and custom tags, the font resources, and the parts themselves, zipped
 * with a fixed timestamp so the same invoice always yields the same bytes.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import { OFD_NS, pageXml, type PageContent } from './content.js';
import { escapeXml } from '../render/xml-text.js';

export interface OfdPagePart extends PageContent {
  id: number;
  template: PageContent & { id: number };
}

export interface OfdPackageSpec {
  docId: string;
  creator: string;
  creationDate: string;
  customDatas: [string, string][];
  pages: OfdPagePart[];
  maxUnitId: number;
  /** Files under Doc_0/Attachs, listed in Attachments.xml. */
  attachments?: { id: number; name: string; file: string; xml: string }[];
  /** Files under Doc_0/Tags, listed in CustomTags.xml. */
  customTags?: { typeId: string; file: string; xml: string }[];
  /** Some producers start every part but OFD.xml with a UTF-8 byte-order mark. */
  bom?: boolean;
}

// Local-time components, so the zip's DOS timestamps are the same in every time zone.
const FIXED_MTIME = new Date(2026, 0, 1, 0, 0, 0);

const PUBLIC_RES =
  `<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Res xmlns:ofd="${OFD_NS}" BaseLoc="Res"><ofd:Fonts>` +
  '<ofd:Font ID="2" FontName="宋体" FamilyName="宋体"/><ofd:Font ID="3" FontName="楷体" FamilyName="楷体"/>' +
  '<ofd:Font ID="4" FontName="Courier New" FamilyName="Courier New"/></ofd:Fonts></ofd:Res>';

function ofdXml(spec: OfdPackageSpec): string {
  const datas = spec.customDatas.map(([k, v]) => `<ofd:CustomData Name="${escapeXml(k)}">${escapeXml(v)}</ofd:CustomData>`).join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<ofd:OFD xmlns:ofd="${OFD_NS}" DocType="OFD" Version="1.0"><ofd:DocBody><ofd:DocInfo>` +
    `<ofd:DocID>${escapeXml(spec.docId)}</ofd:DocID><ofd:Author>${escapeXml(spec.creator)}</ofd:Author>` +
    `<ofd:CreationDate>${spec.creationDate}</ofd:CreationDate><ofd:Creator>${escapeXml(spec.creator)}</ofd:Creator>` +
    `<ofd:CustomDatas>${datas}</ofd:CustomDatas></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`
  );
}

function documentXml(spec: OfdPackageSpec): string {
  const first = spec.pages[0]!;
  const templates = spec.pages.map((p, i) => `<ofd:TemplatePage ID="${p.template.id}" BaseLoc="Tpls/Tpl_${i}/Content.xml"/>`).join('');
  const pages = spec.pages.map((p, i) => `<ofd:Page ID="${p.id}" BaseLoc="Pages/Page_${i}/Content.xml"/>`).join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Document xmlns:ofd="${OFD_NS}"><ofd:CommonData><ofd:MaxUnitID>${spec.maxUnitId}</ofd:MaxUnitID>` +
    `<ofd:PageArea><ofd:PhysicalBox>0 0 ${first.width} ${first.height}</ofd:PhysicalBox></ofd:PageArea>` +
    `<ofd:PublicRes>PublicRes.xml</ofd:PublicRes>${templates}</ofd:CommonData><ofd:Pages>${pages}</ofd:Pages>` +
    (spec.attachments?.length ? '<ofd:Attachments>Attachs/Attachments.xml</ofd:Attachments>' : '') +
    (spec.customTags?.length ? '<ofd:CustomTags>Tags/CustomTags.xml</ofd:CustomTags>' : '') +
    '</ofd:Document>'
  );
}

export function writeOfd(spec: OfdPackageSpec): Uint8Array {
  const bom = spec.bom ? '\uFEFF' : '';
  const files: Zippable = { 'OFD.xml': strToU8(ofdXml(spec)) };
  const put = (path: string, xml: string) => (files[`Doc_0/${path}`] = strToU8(bom + xml));
  put('Document.xml', documentXml(spec));
  put('PublicRes.xml', PUBLIC_RES);
  spec.pages.forEach((p, i) => {
    put(`Tpls/Tpl_${i}/Content.xml`, pageXml(p.template));
    put(`Pages/Page_${i}/Content.xml`, pageXml({ ...p, templateId: p.template.id }));
  });
  if (spec.attachments?.length) {
    const list = spec.attachments
      .map((a) => `<ofd:Attachment ID="${a.id}" Name="${a.name}" Format="xml" Visible="false"><ofd:FileLoc>${a.file}</ofd:FileLoc></ofd:Attachment>`)
      .join('');
    put('Attachs/Attachments.xml', `<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Attachments xmlns:ofd="${OFD_NS}">${list}</ofd:Attachments>`);
    for (const a of spec.attachments) put(`Attachs/${a.file}`, a.xml);
  }
  if (spec.customTags?.length) {
    const list = spec.customTags.map((t) => `<ofd:CustomTag TypeID="${t.typeId}"><ofd:FileLoc>${t.file}</ofd:FileLoc></ofd:CustomTag>`).join('');
    put('Tags/CustomTags.xml', `<?xml version="1.0" encoding="UTF-8"?>\n<ofd:CustomTags xmlns:ofd="${OFD_NS}">${list}</ofd:CustomTags>`);
    for (const t of spec.customTags) put(`Tags/${t.file}`, t.xml);
  }
  return zipSync(files, { mtime: FIXED_MTIME });
}
