/** Confirmations after a successful POST/redirect/GET; only these codes are ever shown, never request text. */
export const OK_MESSAGES: Record<string, string> = {
  uploaded: '发票已上传，正在解析。',
  applied: '申请已提交。',
  reviewed: '审核意见已提交。',
  published: '公示已发布。',
  objected: '异议已提交，相关申请暂缓办理。',
  resolved: '异议已处理。',
  closed: '公示已结束，无异议的申请已批准。',
  accepted: '发票已确认计入。',
  prepared: '拨付批次已生成，等待另一位财务人员审批。',
  approved: '批次已审批。',
  discarded: '批次已撤回。',
  paid: '批次已记为支付。',
  signed_out: '您已退出登录。',
  verified: '审计链校验完成。',
};
