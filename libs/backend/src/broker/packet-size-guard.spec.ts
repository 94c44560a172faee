import mqttPacket from 'mqtt-packet';
import { MqttFrameTracker } from './packet-size-guard';

const publish = (bytes: number) =>
  mqttPacket.generate({
    cmd: 'publish',
    topic: 'river/S1/reading',
    payload: Buffer.alloc(bytes),
    qos: 1,
    messageId: 1,
    retain: false,
    dup: false,
  });

describe(MqttFrameTracker.name, () => {
  it('lets packets under the limit through, whatever the chunking', () => {
    const stream = Buffer.concat([
      publish(10),
      publish(70_000),
      publish(0),
      mqttPacket.generate({ cmd: 'pingreq' }),
    ]);
    for (const size of [1, 2, 3, 7, 64, 4096, stream.length]) {
      const tracker = new MqttFrameTracker(100_000);
      let ok = true;
      for (let i = 0; i < stream.length; i += size) ok = tracker.feed(stream.subarray(i, i + size)) && ok;
      expect(ok).toBe(true);
    }
  });

  it('refuses a packet announcing more than the limit before its body arrives', () => {
    const big = publish(200_000);
    const tracker = new MqttFrameTracker(100_000);
    expect(tracker.feed(Buffer.concat([publish(5), big.subarray(0, 6)]))).toBe(false);
  });

  it('refuses a malformed remaining length (more than four bytes)', () => {
    expect(
      new MqttFrameTracker(Number.MAX_SAFE_INTEGER).feed(Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01])),
    ).toBe(false);
  });
});
