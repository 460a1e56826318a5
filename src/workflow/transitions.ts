import type { ApplicationState } from './states.js';

export const AWARD_KINDS = ['compute_subsidy', 'vertical_model', 'platform', 'product', 'enterprise'] as const;
export type AwardKind = (typeof AWARD_KINDS)[number];

export const APPLICATION_EVENTS = [
  'city_recommend',
  'city_return',
  'city_reject',
  'resubmit',
  'withdraw',
  'provincial_approve',
  'provincial_reject',
  'publish',
  'object',
  'objection_dismissed',
  'objection_upheld',
  'grant',
  'pay_award',
  'pay_recognition',
  'acceptance_passed',
  'acceptance_failed',
  'extend',
  'pay_acceptance',
  'revoke',
] as const;
export type ApplicationEvent = (typeof APPLICATION_EVENTS)[number];

interface Edge {
  from: readonly ApplicationState[];
  to: ApplicationState;
  /** The award types the edge exists for; all when absent. */
  types?: readonly AwardKind[];
  clause: string;
}

const VERTICAL: readonly AwardKind[] = ['vertical_model'];
const ONE_TIME: readonly AwardKind[] = ['compute_subsidy', 'platform', 'product', 'enterprise'];

/**
 * Every legal move, and nothing else. Vertical models are paid in two parts (二(一)): the recognition
 * installment starts the implementation period, acceptance (五(三)) decides the second; the other
 * types are paid once.
 */
export const TRANSITIONS: Readonly<Record<ApplicationEvent, Edge>> = {
  city_recommend: { from: ['submitted'], to: 'city_recommended', clause: '四(二)' },
  city_return: { from: ['submitted'], to: 'returned', clause: '四(二)' },
  city_reject: { from: ['submitted'], to: 'city_rejected', clause: '四(二)' },
  resubmit: { from: ['returned'], to: 'submitted', clause: '四(一)' },
  // The applicant may withdraw before its city office has recommended it; afterwards only review ends it.
  withdraw: { from: ['submitted', 'returned'], to: 'withdrawn', clause: '四(一)' },
  provincial_approve: { from: ['city_recommended'], to: 'provincially_approved', clause: '四(三)' },
  provincial_reject: { from: ['city_recommended'], to: 'provincially_rejected', clause: '四(三)' },
  publish: { from: ['provincially_approved'], to: 'in_notice', clause: '四(三)' },
  // A further objection against an application already on hold keeps it on hold.
  object: { from: ['in_notice', 'on_hold'], to: 'on_hold', clause: '四(三)' },
  objection_dismissed: { from: ['on_hold'], to: 'in_notice', clause: '四(三)' },
  objection_upheld: { from: ['on_hold'], to: 'rejected', clause: '四(三)' },
  grant: { from: ['in_notice'], to: 'granted', clause: '四(三)' },
  pay_award: { from: ['granted'], to: 'paid', types: ONE_TIME, clause: '二' },
  pay_recognition: { from: ['granted'], to: 'implementing', types: VERTICAL, clause: '二(一)' },
  acceptance_passed: { from: ['implementing'], to: 'accepted', types: VERTICAL, clause: '五(三)' },
  acceptance_failed: { from: ['implementing'], to: 'acceptance_failed', types: VERTICAL, clause: '五(三)' },
  extend: { from: ['implementing'], to: 'implementing', types: VERTICAL, clause: '五(三)' },
  pay_acceptance: { from: ['accepted'], to: 'paid', types: VERTICAL, clause: '二(一), 五(三)' },
  revoke: {
    from: [
      'submitted', 'returned', 'city_recommended', 'provincially_approved', 'in_notice', 'on_hold',
      'granted', 'implementing', 'accepted', 'acceptance_failed', 'paid',
    ],
    to: 'revoked',
    clause: '五(一), 五(二)',
  },
};

export type TransitionResult =
  | { ok: true; from: ApplicationState; to: ApplicationState; event: ApplicationEvent; clause: string }
  | { ok: false; from: ApplicationState; event: ApplicationEvent; reason: string };

/** The state `event` leads to from `from` for an application of `type`, or why it cannot happen. */
export function transition(from: ApplicationState, event: ApplicationEvent, type: AwardKind): TransitionResult {
  const edge = TRANSITIONS[event];
  if (edge.types && !edge.types.includes(type)) {
    return { ok: false, from, event, reason: `${event} does not apply to ${type} applications` };
  }
  if (!edge.from.includes(from)) {
    return { ok: false, from, event, reason: `${event} is not allowed from ${from} (only from ${edge.from.join(', ')})` };
  }
  return { ok: true, from, to: edge.to, event, clause: edge.clause };
}

/** The events that are legal from `from` for `type`: what a client may offer next. */
export function allowedEvents(from: ApplicationState, type: AwardKind): ApplicationEvent[] {
  return APPLICATION_EVENTS.filter((e) => transition(from, e, type).ok);
}
