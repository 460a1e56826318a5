/** The application state machine: pure data and functions, no I/O. */
export {
  APPLICATION_STATES,
  LIVE_STATES,
  REFUSED_STATES,
  AWARDED_STATES,
  isLive,
  isApplicationState,
  type ApplicationState,
} from './states.js';
export {
  APPLICATION_EVENTS,
  AWARD_KINDS,
  TRANSITIONS,
  transition,
  allowedEvents,
  type ApplicationEvent,
  type AwardKind,
  type TransitionResult,
} from './transitions.js';
export { INSTALLMENT_STATES, installmentStatusOnGrant, type InstallmentState } from './installments.js';
export { BATCH_STATES, canMoveBatch, type BatchState } from './batches.js';
