import { ZodError } from 'zod';
import { ServiceError } from '../services/errors.js';
import { unstorableTextRefusal } from '../services/unstorable-text.js';

/** What a refused action means, in the words the console's users read. */
const MESSAGES: Record<string, string> = {
  VALIDATION_FAILED: '填写的内容不符合要求，请检查后重试。',
  UNSTORABLE_TEXT: '提交的内容含有无法处理的字符（如空字符 U+0000），未作任何更改。请删除该字符后重试。',
  MALFORMED_REQUEST: '提交的内容无法识别，请重试。',
  NOT_FOUND: '未找到该记录，或您无权查看。',
  FORBIDDEN: '您的角色不能执行此操作。',
  UNAUTHENTICATED: '请先登录。',
  INVALID_CREDENTIALS: '账号或密码错误。',
  ACCOUNT_LOCKED: '密码错误次数过多，账号已临时锁定，请稍后再试。',
  csrf: '表单已失效或缺少安全令牌，操作未执行。请刷新页面后重试。',
  cross_site: '请求来自其他网站，操作未执行。',
  APPLICATION_EXISTS: '该年度已有同类申请正在办理。',
  OUTSIDE_POLICY_PERIOD: '不在政策执行期内，无法申报。',
  NOT_ELIGIBLE: '按规则计算不符合条件，不能推荐或批准。',
  NOTHING_TO_AWARD: '没有可批准的金额。',
  INVOICE_ALREADY_CLAIMED: '发票已被其他申请使用。',
  INVOICE_NOT_PARSED: '发票尚未解析完成。',
  ILLEGAL_TRANSITION: '申请当前状态不允许此操作。',
  REVISION_CONFLICT: '申请已被他人更新，请刷新后重试。',
  CONCURRENT_UPDATE: '记录正被他人更新，请刷新后重试。',
  MAKER_CHECKER: '批次经办人不能审批自己经办的批次，须由另一位财务审批人员审批。',
  BATCH_IMMUTABLE: '批次已审批或已撤回，不能再更改。',
  BATCH_NOT_APPROVED: '批次尚未审批。',
  BATCH_ALREADY_PAID: '批次已支付。',
  BATCH_STALE: '批次内容已变化，请撤回后重新经办。',
  NOTHING_TO_PAY: '没有可拨付的款项。',
  INSTALLMENTS_CHANGED: '待拨付款项已变化，请重新经办。',
  NOTICE_STILL_RUNNING: '公示期尚未结束，不能结束公示。',
  NOTICE_CLOSED: '公示已结束。',
  NOTICE_PERIOD_OVER: '公示期已过，不能再提出异议。',
  OBJECTION_RESOLVED: '该异议已处理。',
  CALENDAR_YEAR_UNKNOWN: '公示期所在年度的工作日历尚未载入。',
  ALREADY_MATCHED: '发票或账单行已被匹配。',
  NOT_PROPOSED: '该匹配不是待确认状态。',
  NOT_UNDOABLE: '该匹配不能撤销。',
  UNSUPPORTED_MEDIA_TYPE: '文件不是 PDF、OFD 或数电 XML 发票。',
  FILE_TOO_LARGE: '文件超过大小上限。',
  PAYLOAD_TOO_LARGE: '上传内容超过大小上限。',
  EMPTY_FILE: '文件为空。',
  USCC_REQUIRED: '需要指明企业的统一社会信用代码。',
  INVALID_SCOPE: '账号的范围设置无效。',
  NO_REVIEWING_OFFICE: '无法确定受理该申请的市级部门。',
  RATE_LIMITED: '请求过于频繁，请稍后再试。',
  SECOND_OFFICER_REQUIRED: '该发票签名无效，确认计入须由另一名财务人员再次确认；您已作过第一次确认。',
  ACCEPTANCE_DIFFERS: '第二次确认的服务类型与第一次不同；如需更改，请先撤销第一次确认。',
  USER_DISABLED: '该用户已被停用。',
  OWN_ACCOUNT: '不能停用当前登录的账号，也不能吊销它的令牌。',
  INVALID_USCC: '统一社会信用代码校验不通过。',
  CREDIT_IMPORT_INVALID: '名单文件中有无法识别的行，未导入任何一行，请按提示修改后重试。',
  EXTENSION_TOO_LONG: '延期合计超过政策允许的最长期限。',
  NO_BUDGET_ROUND: '该算力补贴申请没有所属的公示轮次预算核减比例（比例在公示发布时确定），暂不能拨付。',
  ENTERPRISE_EXISTS: '该企业已登记。',
  PROVIDER_EXISTS: '该算力服务商已登记。',
  NOT_IN_FUJIAN: '统一社会信用代码显示登记地不在福建省。',
  INVALID_CONSORTIUM: '联合体成员中有不能参与申报的单位。',
  INVALID_STATEMENT: '账单中有不符合要求的行，未保存任何内容，请按提示修改后重试。',
  TOO_MANY_LINES: '账单行数超过单次提交的上限，请分拆后提交。',
  CSV_MALFORMED: '账单文件无法读取（须为 UTF-8 编码的 CSV），未保存任何内容。',
  CSV_HEADER_INVALID: '账单文件的表头不符合要求，未保存任何内容。',
  STATEMENT_ID_AMBIGUOUS: '多个服务商使用了相同的账单编号，请指明服务商。',
  LAST_ACTIVE_KEY: '这是唯一有效的签名密钥，请先添加新密钥并改用新密钥，再吊销此密钥。',
  TOO_MANY_KEYS: '有效签名密钥已达上限，请先吊销一个再添加。',
  INVALID_CERTIFICATE: '证书无法识别，须为 PEM 或 DER 格式的 X.509 证书。',
  TRUST_ANCHOR_EXISTS: '该证书已是签章根证书。',
  TRUST_ANCHOR_REVOKED: '该签章根证书已撤销。',
  UNKNOWN_PARAMETER: '没有该政策参数。',
  INVALID_PARAMETER: '参数值不符合该参数的要求。',
  INVALID_CALENDAR_SCHEDULE: '工作日历内容不符合要求。',
  CALENDAR_YEAR_BUNDLED: '该年度的工作日历为系统内置的官方放假安排，不能替换。',
  CASE_CLOSED: '该追回案件已结案。',
  OVER_RECOVERY: '追回金额超过尚未追回的金额。',
  RECEIPT_CONFLICT: '该收款凭证已按不同金额登记过。',
  DEAD_LETTER_RETRIED: '该失败任务已重试过。',
  SIGNATURE_REPLAYED: '该请求签名已使用过，请重新签名后提交。',
  DATABASE_UNAVAILABLE: '数据库暂时无法连接，操作未执行，请稍后重试。',
  STARTING: '服务正在启动，请稍后重试。',
};

export interface ShownError {
  code: string;
  message: string;
  fields: string[];
}

export function messageFor(code: string): string {
  return MESSAGES[code] ?? `操作未完成（代码 ${code}）。`;
}

/** A verb's refusal turned into what the page shows; anything unexpected is rethrown for the error handler. */
export function shownError(err: unknown): ShownError {
  const unstorable = unstorableTextRefusal(err);
  if (unstorable) return shownError(unstorable);
  if (err instanceof ServiceError) return { code: err.code, message: messageFor(err.code), fields: (err.errors ?? []).map((e) => e.path) };
  if (err instanceof ZodError) return { code: 'VALIDATION_FAILED', message: messageFor('VALIDATION_FAILED'), fields: err.issues.map((i) => i.path.join('.')) };
  throw err;
}
