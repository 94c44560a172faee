import type { Principal } from '../identity/principal';
import { eventEnvelope, eventMatches, eventVisibleTo, type PlatformEvent } from './platform-event';

describe('platform events', () => {
  const event: PlatformEvent = {
    type: 'case.opened',
    topic: 'platform/cases/CQ-LMQ',
    station: 'CQ-LMQ',
    province: ['CQ', 'SC'],
    river: '新盛河',
    payload: { id: '1' },
    occurredAt: new Date('2026-11-23T08:00:00Z'),
  };

  it('filters by province and river (absent = any)', () => {
    expect(eventMatches(event, {})).toBe(true);
    expect(eventMatches(event, { province: 'SC' })).toBe(true);
    expect(eventMatches(event, { river: '新盛河' })).toBe(true);
    expect(eventMatches(event, { river: '长江' })).toBe(false);
    expect(eventMatches({ ...event, province: ['CQ'] }, { province: 'SC' })).toBe(false);
    expect(eventMatches({ ...event, province: undefined }, { province: 'CQ' })).toBe(false);
  });

  it('envelopes carry ISO times and explicit nulls', () => {
    expect(eventEnvelope({ ...event, station: undefined, river: undefined })).toEqual({
      type: 'case.opened',
      topic: 'platform/cases/CQ-LMQ',
      station: null,
      province: ['CQ', 'SC'],
      river: null,
      occurredAt: '2026-11-23T08:00:00.000Z',
      payload: { id: '1' },
    });
  });

  describe(eventVisibleTo.name, () => {
    const user = (role: Principal['role'], province: Principal['province']): Principal => ({
      userId: '1',
      username: 'u',
      displayName: 'u',
      role,
      province,
    });

    it('shows a Chongqing-only event to Chongqing users and hides it from Sichuan ones', () => {
      const cqOnly = { ...event, province: ['CQ' as const] };
      expect(eventVisibleTo(cqOnly, user('river_chief', 'CQ'))).toBe(true);
      expect(eventVisibleTo(cqOnly, user('river_chief', 'SC'))).toBe(false);
      expect(eventVisibleTo(cqOnly, user('viewer', 'SC'))).toBe(false);
    });

    it('shows joint events to both sides, and everything to operators', () => {
      expect(eventVisibleTo(event, user('river_chief', 'SC'))).toBe(true);
      expect(eventVisibleTo(event, user('inspector', 'CQ'))).toBe(true);
      expect(eventVisibleTo({ ...event, province: ['SC'] }, user('operator', 'CQ'))).toBe(true);
      expect(eventVisibleTo({ ...event, province: undefined }, user('viewer', 'SC'))).toBe(true);
    });
  });
});
