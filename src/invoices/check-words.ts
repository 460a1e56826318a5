import type { Fen } from '../domain/money.js';
import { yuanText as yuan } from '../rules/words.js';

/**
 * The sentences of an invoice's consistency checks, in Chinese and in yuan, built from the figures each check
 * compared: the enterprise reads why its invoice counts or not without knowing the check codes.
 */

export const checkWords = {
  uppercaseMissing: () => '票面没有大写金额，未核对大写与小写是否一致',
  uppercase: (ok: boolean, gross: Fen, words: string, read: Fen | null) =>
    ok
      ? `大写金额「${words}」与小写价税合计 ${yuan(gross)}一致`
      : read === null
        ? `大写金额「${words}」无法识别为金额，不能与小写价税合计 ${yuan(gross)}核对`
        : `大写金额「${words}」为 ${yuan(read)}，与小写价税合计 ${yuan(gross)}不一致`,
  totalsMissing: () => '金额、税额或价税合计缺失或无法识别，无法核对金额加税额是否等于价税合计',
  netPlusTax: (net: Fen, tax: Fen, gross: Fen) =>
    net + tax === gross
      ? `金额 ${yuan(net)}加税额 ${yuan(tax)}等于价税合计 ${yuan(gross)}`
      : `金额 ${yuan(net)}加税额 ${yuan(tax)}为 ${yuan(net + tax)}，与价税合计 ${yuan(gross)}不一致`,
  noItems: () => '票面没有明细行，未核对明细合计',
  itemUnreadable: () => '有明细行的金额无法识别，不能核对明细合计',
  itemsSum: (count: number, sum: Fen, net: Fen) =>
    sum === net
      ? `${count} 行明细金额合计 ${yuan(sum)}，与发票金额 ${yuan(net)}一致`
      : `${count} 行明细金额合计 ${yuan(sum)}，与发票金额 ${yuan(net)}相差 ${yuan(sum - net)}`,
  noLineTax: () => '没有可计算税额的明细行（免税、不征税或税率显示为 ***），未核对逐行税额',
  lineTax: (checked: number, tolerance: Fen, problems: readonly { line: number; amount: string; rate: string; tax: string }[]) =>
    problems.length === 0
      ? `${checked} 行明细的金额乘以税率均与税额相符（允许 ${yuan(tolerance)}以内的尾差）`
      : `${problems.map((p) => `第 ${p.line} 行金额 ${p.amount} 元按税率 ${p.rate} 计算与税额 ${p.tax} 元不符`).join('；')}，超过允许的 ${yuan(tolerance)}尾差`,
  buyer: (uploader: string, buyer: string | null) =>
    buyer === uploader
      ? `购买方纳税人识别号 ${buyer} 即上传发票的企业`
      : `购买方纳税人识别号${buyer ? ` ${buyer} ` : '缺失，'}不是上传发票的企业 ${uploader}，这张发票不能计入本企业的采购`,
  seller: (ok: boolean, seller: string | null) =>
    ok
      ? `销售方 ${seller ?? ''} 是已登记的算力服务商`
      : `销售方${seller ? ` ${seller} ` : '纳税人识别号缺失，'}不是已登记的算力服务商，需与服务商账单核对或由财务确认`,
  issueDate: (date: string, from: string, to: string) =>
    date >= from && date <= to
      ? `开票日期 ${date} 在政策覆盖的 ${from} 至 ${to} 之间`
      : `开票日期 ${date} 不在政策覆盖的 ${from} 至 ${to} 之间`,
  noDuplicate: () => '系统中没有这张发票的其他副本',
  heldElsewhere: (copies: number) => `同一张发票已由其他企业上传（${copies} 份），已转交人工核查`,
  uploadedBefore: (copies: number) => `同一张发票此前已上传过（${copies} 份），只计一次`,
};

const SIGNATURE_PROBLEMS: Record<string, string> = {
  DIGEST_MISMATCH: '签章后文件内容被改动过',
  CHANGED_AFTER_SIGNING: '签章后文件内容被改动过',
  NOT_COVERED_BY_SEAL: '票面信息有部分取自签章未覆盖的文件部分',
  SIGNATURE_MISMATCH: '签名值不能用签章证书验证',
  SIGNER_NOT_SELLER: '签章证书载明的单位不是销售方',
  CHAIN_INVALID: '签章证书不能追溯到受信任的签发机构',
  CERTIFICATE_NOT_HELD: '文件中没有签章证书，系统也未保存该签发机构的证书',
  DIGEST_NOT_REPRODUCIBLE: '无法从文件重新计算签章覆盖内容的摘要',
  MALFORMED_SIGNATURE: '签章数据格式损坏',
  UNSUPPORTED_SIGNATURE: '签章格式暂不支持验证',
};

/** The embedded signature's outcome, with its reason in words where the code is known. */
export function signatureWords(status: string, code: string | null): string {
  const why = code ? (SIGNATURE_PROBLEMS[code] ?? '签章检查未能得出结论') : '';
  switch (status) {
    case 'valid': return '发票文件的电子签章验证通过：签章后内容未被改动，签名与签章证书相符';
    case 'unsigned': return '发票文件没有电子签章，未作签章验证';
    case 'invalid': return `发票文件的电子签章验证未通过：${why}`;
    default: return `发票文件带有电子签章，但暂时无法验证：${why || '缺少验证所需的证书或数据'}`;
  }
}
