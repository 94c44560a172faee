import { claimedDevice, OrderedAcks, sharedFilters, unprefixed } from './external-message';

describe('external broker messages', () => {
  it('subscribes to readings and status through the share group, under the prefix', () => {
    expect(sharedFilters('g1', 't/')).toEqual(['$share/g1/t/river/+/reading', '$share/g1/t/river/+/status']);
  });

  it('strips the prefix and parses the device topic', () => {
    expect(unprefixed('t/river/CQ-LMQ/reading', 't/')).toEqual({
      topic: 'river/CQ-LMQ/reading',
      station: 'CQ-LMQ',
      kind: 'reading',
    });
    expect(unprefixed('river/CQ-LMQ/status', '')).toMatchObject({ kind: 'status', station: 'CQ-LMQ' });
    expect(unprefixed('other/river/CQ-LMQ/reading', 't/')).toBeUndefined();
    expect(unprefixed('t/river/CQ-LMQ', 't/')).toBeUndefined();
  });

  it('reads the claimed device of an object or of the first array item, never throws', () => {
    expect(claimedDevice(Buffer.from('{"device":"d-1","ts":"x"}'))).toBe('d-1');
    expect(claimedDevice(Buffer.from('[{"device":"d-2"},{"device":"d-3"}]'))).toBe('d-2');
    expect(claimedDevice(Buffer.from('not json'))).toBeUndefined();
    expect(claimedDevice(Buffer.from('{"device":42}'))).toBeUndefined();
    expect(claimedDevice(Buffer.from('[]'))).toBeUndefined();
    expect(claimedDevice(Buffer.from('null'))).toBeUndefined();
    expect(claimedDevice(Buffer.from(JSON.stringify({ device: 'x'.repeat(65) })))).toBeUndefined();
  });

  it('releases PUBACKs in arrival order, skipping dropped messages', () => {
    const released: number[] = [];
    const acks = new OrderedAcks((id) => released.push(id));
    const [a, b, c, d] = [1, 2, 3, 4].map((id) => acks.add(id));
    c.ack();
    b.drop();
    expect(released).toEqual([]);
    a.ack();
    expect(released).toEqual([1, 3]);
    d.ack();
    d.ack();
    expect(released).toEqual([1, 3, 4]);
    expect(acks.size).toBe(0);
  });

  it('forgets the acks of a lost connection (the broker redelivers those messages)', () => {
    const released: number[] = [];
    const acks = new OrderedAcks((id) => released.push(id));
    const a = acks.add(7);
    acks.clear();
    a.ack();
    const b = acks.add(7);
    b.ack();
    expect(released).toEqual([7]);
  });
});
