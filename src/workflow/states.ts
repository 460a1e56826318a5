/**
 * Where an application stands in the process of 四 (application → city recommendation → provincial
 * review → public notice → grant) and 五 (payment, acceptance, removal after fraud).
 */
export const APPLICATION_STATES = [
  'submitted',
  'returned',
  'city_recommended',
  'city_rejected',
  'provincially_approved',
  'provincially_rejected',
  'in_notice',
  'on_hold',
  'rejected',
  'granted',
  'implementing',
  'accepted',
  'acceptance_failed',
  'paid',
  'revoked',
  'withdrawn',
] as const;
export type ApplicationState = (typeof APPLICATION_STATES)[number];

/**
 * Still being decided. "One live application per enterprise, type and year": a second one waits until
 * this one is granted or refused. A granted award no longer blocks a new application (the compute
 * cap still spans all of a year's awards).
 */
export const LIVE_STATES: readonly ApplicationState[] = [
  'submitted',
  'returned',
  'city_recommended',
  'provincially_approved',
  'in_notice',
  'on_hold',
];

/**
 * Ended before any award — refused by a reviewer, or withdrawn by the applicant: final, and the
 * invoices a compute claim froze are released again.
 */
export const REFUSED_STATES: readonly ApplicationState[] = ['city_rejected', 'provincially_rejected', 'rejected', 'withdrawn'];

/** Awarded: counts towards the compute cap of the enterprise-year. */
export const AWARDED_STATES: readonly ApplicationState[] = ['granted', 'implementing', 'accepted', 'acceptance_failed', 'paid'];

export function isLive(state: ApplicationState): boolean {
  return LIVE_STATES.includes(state);
}

export function isApplicationState(value: string): value is ApplicationState {
  return (APPLICATION_STATES as readonly string[]).includes(value);
}
