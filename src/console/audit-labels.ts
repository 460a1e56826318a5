import { CHAIN_BREAKS } from '../audit/chain.js';
import { nameOf } from '../rules/words.js';

/**
 * The audit log in words an auditor reads: each recorded action and kind of object by its Chinese name. The
 * codes stay what is stored and filtered on; a code this table does not know is shown as itself.
 */
const ACTION_NAMES: Record<string, string> = {
  'user.bootstrapped': '初始管理员建立', 'user.created': '创建用户', 'user.disabled': '停用用户', 'user.locked': '账号锁定',
  'user.password_set': '设置密码', 'user.sign_in_failed': '登录失败', 'user.signed_in': '登录', 'user.signed_out': '退出登录',
  'user.tokens_revoked': '吊销令牌',
  'enterprise.registered': '登记企业', 'provider.registered': '登记算力服务商', 'provider.account_mapped': '对应服务商客户账号',
  'provider.key_created': '签发服务商密钥', 'provider.key_revoked': '吊销服务商密钥',
  'invoice.received': '接收发票', 'invoice.parsed': '发票解析完成', 'invoice.parse_failed': '发票解析失败',
  'statement.version_stored': '保存账单版本', 'recon.run': '发票与账单核对',
  'match.manual': '人工匹配', 'match.undone': '撤销匹配', 'match.accepted_without_line': '无账单行予以认可',
  'match.confirmed': '确认建议匹配', 'match.rejected': '驳回建议匹配',
  'application.submitted': '提交申请', 'application.award_recalculated': '重新核定补助金额',
  'application.city_recommend': '市级推荐', 'application.city_return': '市级退回修改', 'application.city_reject': '市级不予推荐',
  'application.resubmit': '重新申报', 'application.withdraw': '撤回申请', 'application.provincial_approve': '省级评审通过',
  'application.provincial_reject': '省级评审未通过', 'application.publish': '列入公示', 'application.object': '公示期提出异议',
  'application.objection_dismissed': '异议不成立', 'application.objection_upheld': '异议成立', 'application.grant': '批准支持',
  'application.pay_award': '拨付获批资金', 'application.pay_recognition': '拨付认定资金', 'application.acceptance_passed': '验收通过',
  'application.acceptance_failed': '验收未通过', 'application.extend': '延长实施期', 'application.pay_acceptance': '拨付验收资金',
  'application.revoke': '撤销支持',
  'notice.published': '发布公示', 'notice.closed': '公示结束', 'objection.raised': '提出异议', 'objection.resolved': '处理异议',
  'budget.set': '设定预算', 'payout_batch.prepared': '编制拨付批次', 'payout_batch.approved': '审批拨付批次',
  'payout_batch.discarded': '撤回拨付批次', 'payout_batch.item_removed': '移出拨付批次', 'payout_batch.paid': '拨付批次已支付',
  'installment.paid': '分期款项已拨付', 'installment.reduced': '分期款项核减', 'installment.payable': '分期款项可拨付',
  'installment.cancelled': '分期款项取消',
  'recovery_case.opened': '立案追回', 'recovery_case.receipt': '收到追回款', 'recovery_case.written_off': '追回核销',
  'policy_parameter.value_added': '新增政策参数值', 'calendar_year.loaded': '载入工作日历', 'calendar_year.replaced': '替换工作日历',
  'credit_listing.recorded': '记录信用名单', 'fraud_finding.recorded': '记录弄虚作假认定', 'fraud.scan': '疑点筛查',
  'related_parties.imported': '导入关联方', 'trust_anchor.added': '添加签章根证书', 'trust_anchor.revoked': '撤销签章根证书',
  'job.retried': '重试任务', 'jobs.retried': '批量重试任务',
};

export const ENTITY_NAMES: Record<string, string> = {
  user: '用户', enterprise: '企业', provider: '算力服务商', invoice: '发票', statement: '账单', reconciliation: '核对',
  match: '匹配', application: '申请', notice: '公示', objection: '异议', budget: '预算', payout_batch: '拨付批次',
  installment: '分期款项', recovery_case: '追回案件', policy_parameter: '政策参数', calendar_year: '工作日历',
  credit_listing: '信用名单记录', fraud_finding: '弄虚作假认定', fraud_scan: '疑点筛查', related_parties: '关联方',
  trust_anchor: '签章根证书', dead_letter: '失败任务', job_kind: '任务类型',
};

export const actionName = (code: string): string => nameOf(ACTION_NAMES, code);
export const entityName = (code: string): string => nameOf(ENTITY_NAMES, code);

/** Why the chain does not hold, for each break verifyChain states. */
const CHAIN_REASONS: Record<string, string> = {
  [CHAIN_BREAKS.link]: '该条记录的前序哈希与上一条不符（记录被删除、插入或调换）',
  [CHAIN_BREAKS.content]: '该条记录的内容与其哈希不符（记录被改动）',
};
export const chainReason = (reason: string | undefined): string => nameOf(CHAIN_REASONS, reason);
