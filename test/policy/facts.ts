/** Facts shared by the policy API tests. The USCCs carry valid check characters. */
export const FUZHOU_ENTERPRISE = '91350100MA2Y0001X9';
export const XIAMEN_ENTERPRISE = '91350200MA2Y00028E';
export const BEIJING_ENTERPRISE = '91110000MA2Y000361';

export function purchase(invoiceNumber: string, amount: string, extra: Record<string, unknown> = {}) {
  return {
    invoiceNumber,
    issueDate: '2026-03-01',
    amount,
    netAmount: amount,
    serviceType: 'gpu_compute',
    purpose: 'model_development',
    verified: true,
    isRed: false,
    originalInvoiceNumber: null,
    ...extra,
  };
}

export function computeFacts(purchases: unknown[], extra: Record<string, unknown> = {}) {
  return {
    type: 'compute_subsidy',
    asOf: '2027-03-01',
    year: 2026,
    applicant: { uscc: FUZHOU_ENTERPRISE },
    purchases,
    alreadyAwarded: '0.00',
    ...extra,
  };
}
