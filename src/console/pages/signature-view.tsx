import { beijingTime } from '../format.js';
import { serviceTypeName } from '../labels.js';

/**
 * The embedded signature of an invoice as finance reads it, in Chinese: whether the file is the one its
 * seller (or the tax authority) signed. An invalid signature is a fraud signal and is said as one.
 */

interface SignatureLike {
  status: string;
  code: string | null;
  kind: string | null;
  signer?: { subject: string; uscc?: string | null } | string | null;
  signedAt?: string | null;
  covers?: string | null;
  chain?: { checked: boolean; anchor: { name: string } | null } | null;
}

const STATUS: Record<string, string> = {
  valid: '签名有效',
  invalid: '签名无效',
  unsigned: '无数字签名',
  unverifiable: '已签名，但无法完全验证',
};

const REASON: Record<string, string> = {
  DIGEST_MISMATCH: '文件在签名之后被改动过（签名摘要与文件内容不符）',
  SIGNATURE_MISMATCH: '签名值与签名人证书不符',
  SIGNER_NOT_SELLER: '签名人证书上的统一社会信用代码不是销售方的',
  MALFORMED_SIGNATURE: '签名数据损坏或结构异常，无法读取',
  CHANGED_AFTER_SIGNING: '签名之后追加的内容改变了票面信息',
  NOT_COVERED_BY_SEAL: '票面信息有部分取自签章未覆盖的文件部分，签章不能为其担保',
  CHAIN_INVALID: '签名证书并非由所信任的签发机构签发',
  CERTIFICATE_NOT_HELD: '验证所需的签名证书（如税务机关证书）未在文件中，也未导入信任证书',
  DIGEST_NOT_REPRODUCIBLE: '签名有效，但无法从文件重新计算签名摘要',
  UNSUPPORTED_SIGNATURE: '该签名格式暂不支持校验',
};

const KIND: Record<string, string> = {
  'pdf-pkcs7': 'PDF 数字签名',
  'pdf-x509-rsa-sha1': 'PDF 数字签名',
  'ofd-ses': 'OFD 电子签章',
  'ofd-pkcs7': 'OFD 数字签名',
  'xml-tax-bureau': '税务机关数字签名',
};

/** The signer's name from a certificate subject ('C=CN, O=…, CN=…'): its CN, else its O. */
export function signerName(signer: SignatureLike['signer']): string | null {
  const subject = typeof signer === 'string' ? signer : signer?.subject;
  if (!subject) return null;
  const part = (key: string) => new RegExp(`(?:^|,\\s*)${key}=([^,]+)`, 'u').exec(subject)?.[1]?.trim();
  return part('CN') ?? part('O') ?? subject;
}

export const signatureStatusName = (status: string): string => STATUS[status] ?? status;

/** The one sentence that says what the signature shows. */
export function signatureSentence(s: SignatureLike): string {
  const kind = s.kind ? KIND[s.kind] ?? '数字签名' : '数字签名';
  const who = signerName(s.signer);
  const by = who ? `，签名人：${who}` : '';
  if (s.status === 'unsigned') return '文件不带数字签名，无法据此确认票面未被改动。';
  if (s.status === 'valid') return `${kind}有效${by}：文件自签名后未被改动。`;
  const reason = s.code ? REASON[s.code] ?? '签名未通过校验' : '签名未通过校验';
  if (s.status === 'invalid') return `${kind}无效${by}：${reason}。疑似伪造或篡改的发票。`;
  return `${kind}${by}：${reason}。`;
}

/** The signature rows of the invoice page's facts. */
export function SignatureFacts({ signature }: { signature: SignatureLike | null | undefined }) {
  if (!signature) return (<><dt>数字签名</dt><dd>解析完成后显示。</dd></>);
  const chain = signature.chain?.checked
    ? `已用信任证书「${signature.chain.anchor?.name ?? '—'}」核验证书链`
    : '未核验证书链（未导入签发机构的信任证书）';
  return (
    <>
      <dt>数字签名</dt>
      <dd data-signature={signature.status} class={signature.status === 'invalid' ? 'warning' : undefined}>
        <strong>{signatureStatusName(signature.status)}</strong>
        {signature.status === 'invalid' ? '（欺诈风险提示）' : ''}：{signatureSentence(signature)}
      </dd>
      {signature.status !== 'unsigned' ? (
        <>
          <dt>签名时间</dt><dd>{signature.signedAt ? beijingTime(signature.signedAt) : '—'}</dd>
          <dt>签名范围</dt><dd>{signature.covers === 'partial' ? '文件的一部分（签名后还有追加或未覆盖的内容）' : signature.covers === 'whole-file' ? '整个文件' : '—'}</dd>
          <dt>证书链</dt><dd>{chain}</dd>
        </>
      ) : null}
    </>
  );
}

/**
 * Beside an unmatched invoice in the exceptions queue: its signature, and for an invalid one that its
 * acceptance takes two finance officers (and whether the first has already accepted it).
 */
export function SignatureFlag({ signature, pending }: { signature: SignatureLike | null; pending: { since: string; serviceType: string | null } | null }) {
  if (!signature) return null;
  return (
    <p data-signature={signature.status} class={signature.status === 'invalid' ? 'warning' : undefined}>
      <strong>{signatureStatusName(signature.status)}</strong>：{signatureSentence(signature)}
      {signature.status === 'invalid'
        ? pending
          ? ` 已有一名财务人员于 ${beijingTime(pending.since)} 确认计入（${serviceTypeName(pending.serviceType ?? '')}），须由另一名财务人员再次确认后才计入。`
          : ' 确认计入须由两名不同的财务人员先后确认。'
        : ''}
    </p>
  );
}
