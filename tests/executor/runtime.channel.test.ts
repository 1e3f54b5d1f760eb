/** The attach-stream framing, without Docker: multiplexed stdout/stderr, frames, stray output, fences. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { RuntimeChannel, type AgentFrame } from '../../server/executor/runtime.channel.js';

const MARKER = '@@fnbox-test@@';

/** One engine frame: stream byte, three zero bytes, big-endian length, payload. */
function mux(stream: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

function open(maxFrameChars = 1_000_000) {
  const stream = new PassThrough();
  const seen = { frames: [] as AgentFrame[], stray: '', closed: false };
  const channel = new RuntimeChannel(stream, MARKER, {
    onFrame: (f) => seen.frames.push(f),
    onStray: (t) => (seen.stray += t),
    onClose: () => (seen.closed = true),
  }, maxFrameChars);
  return { stream, channel, seen };
}

const frame = (obj: object) => `\n${MARKER}${JSON.stringify(obj)}\n`;

describe('RuntimeChannel', () => {
  it('splits frames from stray output on both streams, whatever the chunking', async () => {
    const bytes = Buffer.concat([
      mux(1, `child says hi${frame({ t: 'result', id: 'a', ok: true })}`),
      mux(2, `late stderr é${frame({ t: 'fence', id: 'a' })}`),
      mux(1, 'tail'),
    ]);
    for (const size of [1, 3, 7, bytes.length]) {
      const { stream, seen } = open();
      for (let i = 0; i < bytes.length; i += size) stream.write(bytes.subarray(i, i + size));
      await new Promise((r) => setImmediate(r));
      expect(seen.frames).toEqual([{ t: 'result', id: 'a', ok: true }, { t: 'fence', id: 'a' }]);
      // 'tail' may stay held back while it could still be the start of a marker.
      expect(seen.stray.startsWith('child says hilate stderr é')).toBe(true);
      expect(seen.closed).toBe(false);
    }
  });

  it('text that only looks like a marker stays output', async () => {
    const { stream, seen } = open();
    stream.write(mux(1, '\n@@fnbox-other@@{"t":"result"}\n'));
    await new Promise((r) => setImmediate(r));
    expect(seen.frames).toEqual([]);
    expect(seen.stray).toContain('@@fnbox-other@@');
  });

  it('a malformed or oversized frame closes the channel', async () => {
    const bad = open();
    bad.stream.write(mux(1, `\n${MARKER}{not json\n`));
    await new Promise((r) => setImmediate(r));
    expect(bad.seen.closed).toBe(true);
    expect(bad.seen.stray).toContain('[fnbox: malformed output from the runtime agent]');
    const big = open(100);
    big.stream.write(mux(1, `\n${MARKER}{"t":"result","x":"${'y'.repeat(500)}`));
    await new Promise((r) => setImmediate(r));
    expect(big.seen.closed).toBe(true);
    // Whole, in one chunk, it is just as oversized.
    const whole = open(100);
    whole.stream.write(mux(1, frame({ t: 'log', data: 'y'.repeat(500) })));
    await new Promise((r) => setImmediate(r));
    expect(whole.seen.frames).toEqual([]);
    expect(whole.seen.closed).toBe(true);
  });

  it('valid JSON that is not a frame (null, a number, a list, no type) closes the channel without throwing', async () => {
    for (const body of ['null', '1', '[1]', '{"id":"a"}', '{"t":1}']) {
      const { stream, seen } = open();
      stream.write(mux(1, `\n${MARKER}${body}\n`));
      await new Promise((r) => setImmediate(r));
      expect(seen.frames).toEqual([]);
      expect(seen.closed).toBe(true);
    }
  });
});

