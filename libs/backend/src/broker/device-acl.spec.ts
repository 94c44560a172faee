import { maySubscribe, operatorMaySubscribe, publishDecision } from './device-acl';

describe('device ACL', () => {
  const device = { deviceId: 'S1-abc', station: 'S1' };

  it.each([
    ['river/S1/reading', 'reading'],
    ['river/S2/reading', 'reading'],
    ['river/S1/status', 'status'],
    ['river/S2/status', 'deny'],
    ['river/S1/cmd', 'deny'],
    ['platform/readings/S1', 'deny'],
    ['river/S1/reading/extra', 'deny'],
    ['$SYS/x', 'deny'],
    ['', 'deny'],
  ])('publish %s → %s', (topic, expected) => {
    expect(publishDecision(device, topic)).toBe(expected);
  });

  it.each([
    ['river/S1/cmd', true],
    ['river/S2/cmd', false],
    ['river/+/cmd', false],
    ['river/#', false],
    ['#', false],
    ['platform/#', false],
    ['river/S1/reading', false],
  ])('subscribe %s → %s', (filter, expected) => {
    expect(maySubscribe(device, filter)).toBe(expected);
  });

  it.each([
    ['platform/#', true],
    ['platform/readings/S1', true],
    ['platform/+/S1', true],
    ['#', false],
    ['river/#', false],
    ['river/S1/cmd', false],
  ])('operator subscribe %s → %s', (filter, expected) => {
    expect(operatorMaySubscribe(filter)).toBe(expected);
  });
});
