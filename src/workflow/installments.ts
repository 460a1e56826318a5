/**
 * One payment owed on an award. `pending`: not yet due (a vertical model's acceptance installment until
 * acceptance passes); `payable`: due and not in a batch; `batched`: in a payout batch; `paid`; `cancelled`
 * (acceptance failed, or the award was revoked before the money went out).
 */
export const INSTALLMENT_STATES = ['pending', 'payable', 'batched', 'paid', 'cancelled'] as const;
export type InstallmentState = (typeof INSTALLMENT_STATES)[number];

/** On grant (四(三)) the award and recognition installments are due at once; acceptance waits for 五(三). */
export function installmentStatusOnGrant(on: 'award' | 'recognition' | 'acceptance'): InstallmentState {
  return on === 'acceptance' ? 'pending' : 'payable';
}
