import { BATCH_STATUS_NAMES, FUNDING_NAMES, OFFICE_NAMES, PURPOSE_NAMES, REASON_NAMES, SERVICE_TYPE_NAMES, TYPE_NAMES, nameOf } from '../rules/words.js';

// The names decisions and documents use; the console shows the same.
export { FUNDING_NAMES, OFFICE_NAMES, PURPOSE_NAMES, SERVICE_TYPE_NAMES, TYPE_NAMES };

/** Chinese names for the service's codes; an unknown code is shown as itself rather than hidden. */
const label = (table: Record<string, string>) => (code: string | null | undefined): string => nameOf(table, code);

export const officeName = label(OFFICE_NAMES);

export const STATUS_NAMES: Record<string, string> = {
  submitted: '已提交', returned: '退回修改', city_recommended: '市级已推荐', city_rejected: '市级不予推荐',
  provincially_approved: '省级评审通过', provincially_rejected: '省级评审未通过', in_notice: '公示中', on_hold: '异议暂缓',
  rejected: '不予支持', granted: '已批准', implementing: '实施中', accepted: '已验收', acceptance_failed: '验收未通过',
  paid: '已拨付', revoked: '已撤销', withdrawn: '已撤回',
};
export const statusName = label({ ...STATUS_NAMES, new: '新建' });

export const typeName = label(TYPE_NAMES);

export const roleName = label({
  admin: '管理员', enterprise: '企业', city_reviewer: '市级审核员', provincial_reviewer: '省级审核员',
  finance_preparer: '财务经办', finance_approver: '财务审批', auditor: '审计员', provider: '算力服务商',
});

export const formatName = label({ pdf: 'PDF', ofd: 'OFD', xml: '数电 XML' });
export const invoiceStatusName = label({ received: '已接收，解析中', parsed: '已解析', failed: '解析失败' });
export const matchStatusName = label({ matched: '已匹配', unmatched: '未匹配', mismatch: '不一致' });
/** How an invoice and a statement line came to be linked (matches.status). */
export const matchLinkName = label({
  matched: '自动匹配', proposed: '建议匹配（待财务确认，暂不计入）', confirmed: '财务已确认', manual: '财务人工匹配',
  accepted: '财务认可（无账单行）', rejected: '已驳回', undone: '已撤销',
});
export const signalStatusName = label({ open: '待核查', resolved: '已处理', dismissed: '已排除' });

/** Why a file could not be read as an invoice (the parser's error codes), in words the uploader can act on. */
export const parseErrorName = label({
  UNSUPPORTED_FORMAT: '文件不是 PDF、OFD 或数电 XML 发票',
  PARSE_FAILED: '文件无法读取，可能已损坏',
  NOT_AN_INVOICE: '文件看起来不是增值税发票（找不到发票号码）',
  MISSING_FIELD: '发票上的必要信息（如发票号码、日期、购买方、销售方或金额）无法读取',
  INVALID_FIELDS: '发票上读出的信息相互矛盾',
  BAD_ENCODING: '文件中的文字编码无法识别',
  PDF_NO_TEXT: 'PDF 没有文字层（扫描件或图片），无法准确读取，请上传开票系统导出的原始电子发票',
  PDF_ENCRYPTED: 'PDF 设有密码，无法读取',
  PDF_INVALID: '文件不是可读取的 PDF',
  PDF_UNREADABLE: 'PDF 内容无法读取',
  PDF_ITEMS_UNREADABLE: '发票明细行无法准确读取',
  PDF_TOO_MANY_PAGES: 'PDF 页数超过发票的合理范围',
  OFD_CORRUPT: 'OFD 文件已损坏',
  OFD_MISSING_PART: 'OFD 文件缺少必要的组成部分',
  OFD_TOO_COMPLEX: 'OFD 文件结构过于复杂，超出发票的合理范围',
  OFD_TOO_LARGE: 'OFD 文件解压后过大，超出发票的合理范围',
  OFD_TOO_MANY_PAGES: 'OFD 页数超过发票的合理范围',
  OFD_TOO_MANY_ENTRIES: 'OFD 文件包含的部件过多，超出发票的合理范围',
  OFD_UNSAFE_PATH: 'OFD 文件包含不安全的路径，已拒绝读取',
  OFD_ZIP_UNSUPPORTED: 'OFD 文件的压缩格式不受支持',
  XML_MALFORMED: 'XML 文件格式错误，无法读取',
  XML_NOT_EINVOICE: 'XML 文件不是数电发票',
  XML_TOO_LARGE: 'XML 文件过大，超出发票的合理范围',
  XML_TOO_DEEP: 'XML 文件嵌套层级过深，已拒绝读取',
  XML_DTD_FORBIDDEN: 'XML 文件含有文档类型定义（DOCTYPE/ENTITY），出于安全原因不予读取',
  PARSE_TIMEOUT: '读取时间过长，已停止',
  PARSE_MEMORY_LIMIT: '读取所需内存过多，已停止',
  PARSE_CRASHED: '读取过程意外中止',
  PARSE_WORKER_UNAVAILABLE: '解析服务暂不可用，系统将自动重试',
});
export const outcomeName = label({ pass: '通过', fail: '未通过', skipped: '未检查' });

export const purposeName = label(PURPOSE_NAMES);

export const serviceTypeName = label(SERVICE_TYPE_NAMES);

export const checkName = label({
  UPPERCASE_TOTAL: '大写金额与小写合计一致', NET_PLUS_TAX: '金额 + 税额 = 价税合计', ITEMS_SUM: '明细合计一致', LINE_TAX: '逐行税额正确',
  BUYER_IS_UPLOADER: '购买方为上传企业', SELLER_IS_PROVIDER: '销售方为登记的算力服务商', ISSUE_DATE_IN_WINDOW: '开票日期在政策期内',
  DUPLICATE: '未在别处重复', SIGNATURE: '电子签章有效',
});

export const resolutionName = label({ upheld: '异议成立', dismissed: '异议不成立' });

export const breakName = label({
  AMOUNT_MISMATCH: '金额不一致', BUYER_MISMATCH: '购买方不一致', DATE_OUTSIDE_PERIOD: '日期不在账单期内', DUPLICATE_INVOICE: '发票重复',
  INVOICE_UNMATCHED: '发票无对应账单行', LINE_UNMATCHED: '账单行无对应发票', SELLER_NOT_PROVIDER: '销售方不是服务商',
  SERVICE_NOT_INTELLIGENT: '非智能算力服务', SERVICE_TYPE_DISAGREES: '服务类型与发票品名不符',
});

export const reasonName = label(REASON_NAMES);

export const fraudKindName = label({
  INVOICE_IN_TWO_CLAIMS: '同一发票两处申报', SELF_DEALING: '自买自卖', RELATED_PARTY: '关联方交易', CONSECUTIVE_NUMBERS: '连号发票',
  RED_AFTER_PAYOUT: '拨付后红冲', duplicate_invoice: '重复发票',
});

export const batchStatusName = label(BATCH_STATUS_NAMES);
export const fundingName = label(FUNDING_NAMES);
export const installmentOnName = label({ award: '获批拨付', recognition: '认定拨付', acceptance: '验收拨付' });
export const stageName = label({ submission: '申报', city_review: '市级初审', provincial_review: '省级评审', resubmission: '重新申报', red_invoice: '红字发票重算' });

/**
 * The fields of the console's forms (and of what they submit), by the names their labels give them: a refused
 * form says which items to change in words. A path into a list ("consortium.2") names the list and the entry.
 */
const FIELD_NAMES: Record<string, string> = {
  year: '年度', uscc: '统一社会信用代码', revision: '版本', reason: '理由', note: '意见或说明', decision: '审核结论', type: '申报类型',
  tier: '档次', text: '异议内容', number: '编号', fundingSource: '资金来源', userId: '账号（用户编号）', upheld: '处理结论',
  unit: '单位', totalInvestment: '总投资额', investment: '投资额', status: '状态', statementLineId: '账单行', startsOn: '公示开始日期',
  serviceType: '服务类型', score: '评分', role: '角色', purpose: '用途', password: '密码', passed: '验收结论', office: '受理部门',
  name: '名称', months: '延期月数', invoiceId: '发票', invoiceIds: '发票', statementLineIds: '账单行', files: '发票文件',
  file: '文件', exceptionRequested: '申请例外的理由', exceptionJustified: '认可投资额例外', consortium: '联合体成员',
  applicationIds: '列入公示的申请', applicationId: '申请', scope: '账号范围', amount: '金额', rows: '名单文件的行',
  participants: '联合体成员情况', applicant: '申报单位', asOf: '决定日期', appliedOn: '申报日期', csv: '名单文件',
};
export function fieldName(path: string): string {
  const [head, ...rest] = path.split('.');
  const name = FIELD_NAMES[head!] ?? head!;
  const index = rest.find((r) => /^\d+$/.test(r));
  return index === undefined ? name : `${name}（第 ${Number(index) + 1} 项）`;
}

