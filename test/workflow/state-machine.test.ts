import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  APPLICATION_EVENTS,
  APPLICATION_STATES,
  AWARD_KINDS,
  LIVE_STATES,
  REFUSED_STATES,
  TRANSITIONS,
  allowedEvents,
  canMoveBatch,
  isLive,
  transition,
  type ApplicationEvent,
  type ApplicationState,
  type AwardKind,
} from '../../src/workflow/index.js';

function walk(type: AwardKind, events: ApplicationEvent[], from: ApplicationState = 'submitted'): ApplicationState {
  let state = from;
  for (const e of events) {
    const r = transition(state, e, type);
    if (!r.ok) throw new Error(`${e} from ${state}: ${r.reason}`);
    state = r.to;
  }
  return state;
}

describe('application state machine', () => {
  it('every edge names real states', () => {
    for (const e of APPLICATION_EVENTS) {
      const edge = TRANSITIONS[e];
      expect(APPLICATION_STATES).toContain(edge.to);
      for (const f of edge.from) expect(APPLICATION_STATES).toContain(f);
    }
  });

  it('a one-time award: submitted → returned → submitted → recommended → approved → notice → hold → notice → granted → paid', () => {
    for (const type of ['compute_subsidy', 'platform', 'product', 'enterprise'] as const) {
      expect(walk(type, ['city_return', 'resubmit', 'city_recommend', 'provincial_approve', 'publish', 'object', 'objection_dismissed', 'grant', 'pay_award'])).toBe('paid');
    }
  });

  it('a vertical model: recognition paid, extended, accepted, remainder paid — or acceptance failed', () => {
    const implementing = walk('vertical_model', ['city_recommend', 'provincial_approve', 'publish', 'grant', 'pay_recognition', 'extend', 'extend']);
    expect(implementing).toBe('implementing');
    expect(walk('vertical_model', ['acceptance_passed', 'pay_acceptance'], implementing)).toBe('paid');
    expect(walk('vertical_model', ['acceptance_failed'], implementing)).toBe('acceptance_failed');
  });

  it('payment events belong to their award types', () => {
    expect(transition('granted', 'pay_award', 'vertical_model')).toMatchObject({ ok: false });
    expect(transition('granted', 'pay_recognition', 'product')).toMatchObject({ ok: false });
    expect(transition('implementing', 'extend', 'platform')).toMatchObject({ ok: false });
  });

  it('illegal moves are refused with a reason, e.g. granting before the notice or recommending twice', () => {
    const r = transition('provincially_approved', 'grant', 'product');
    expect(r).toMatchObject({ ok: false });
    expect(!r.ok && r.reason).toContain('only from in_notice');
    expect(transition('city_recommended', 'city_recommend', 'product').ok).toBe(false);
    expect(transition('on_hold', 'grant', 'product').ok).toBe(false);
  });

  it('refusals and revocation are final; paid and failed acceptance can still be revoked for fraud', () => {
    for (const type of AWARD_KINDS) {
      for (const s of [...REFUSED_STATES, 'revoked'] as const) expect(allowedEvents(s, type)).toEqual([]);
      expect(allowedEvents('paid', type)).toEqual(['revoke']);
    }
    expect(allowedEvents('acceptance_failed', 'vertical_model')).toEqual(['revoke']);
  });

  it('live states are exactly those still being decided', () => {
    expect([...LIVE_STATES].sort()).toEqual(['city_recommended', 'in_notice', 'on_hold', 'provincially_approved', 'returned', 'submitted']);
    expect(isLive('granted')).toBe(false);
  });

  it('any sequence of events either moves along an edge or is refused without a state change', () => {
    fc.assert(
      fc.property(fc.constantFrom(...AWARD_KINDS), fc.array(fc.constantFrom(...APPLICATION_EVENTS), { maxLength: 40 }), (type, events) => {
        let state: ApplicationState = 'submitted';
        let left = false;
        for (const e of events) {
          const r = transition(state, e, type);
          if (r.ok) {
            expect(TRANSITIONS[e].from).toContain(state);
            // Once an application leaves the live states it never becomes live again.
            if (left) expect(isLive(r.to)).toBe(false);
            if (isLive(state) && !isLive(r.to)) left = true;
            state = r.to;
          } else {
            expect(allowedEvents(state, type)).not.toContain(e);
          }
        }
        expect(APPLICATION_STATES).toContain(state);
      }),
    );
  });
});

describe('payout batch states', () => {
  it('prepared → approved → paid, or prepared → discarded; nothing leaves paid or discarded', () => {
    expect(canMoveBatch('prepared', 'approved')).toBe(true);
    expect(canMoveBatch('prepared', 'discarded')).toBe(true);
    expect(canMoveBatch('approved', 'paid')).toBe(true);
    expect(canMoveBatch('approved', 'discarded')).toBe(false);
    expect(canMoveBatch('approved', 'prepared')).toBe(false);
    expect(canMoveBatch('paid', 'approved')).toBe(false);
    expect(canMoveBatch('discarded', 'prepared')).toBe(false);
  });
});
