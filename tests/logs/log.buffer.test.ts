/** Live log pieces: masked even when a secret (or its base64) is split across pieces, numbered, placed, bounded. */
import { describe, expect, it } from 'vitest';
import { LogBuffer } from '../../server/logs/log.buffer.js';
import { SecretMasker } from '../../server/secrets/secret.masker.js';

const masker = new SecretMasker([['TOKEN', 'sk-live-12345'], ['PASS', 'p+ss/w?rd!']]);

/** Feeds `pieces` and returns what would be sent. */
const release = (buffer: LogBuffer, pieces: string[]) => pieces.map((p) => buffer.add(p)?.text ?? '');

describe('LogBuffer', () => {
  it('holds back a tail that could start a secret, so a value split across pieces is masked whole', () => {
    const buffer = new LogBuffer(1024, masker);
    const sent = release(buffer, ['token: sk-li', 've-12', '345 and cCtzcy', '93P3JkIQ== done\n', 'sk-', 'x\n']);
    expect(sent).toEqual(['token: ', '', '[secret:TOKEN] and ', '[secret:PASS]== done\n', '', 'sk-x\n']);
    for (const text of sent) expect(text).not.toMatch(/sk-li|ve-12|cCtzcy/);
    expect(buffer.snapshot()).toMatchObject({ seq: 4, text: sent.join('') });
  });

  it('numbers pieces and places each where the one before ended', () => {
    const buffer = new LogBuffer(1024);
    expect(buffer.add('one\n')).toMatchObject({ seq: 1, offset: 0, text: 'one\n' });
    expect(buffer.add('two\n')).toMatchObject({ seq: 2, offset: 4, text: 'two\n' });
    expect(buffer.snapshot()).toMatchObject({ seq: 2, text: 'one\ntwo\n' });
  });

  it('keeps and sends nothing past its bound (the end of the invocation carries the rest)', () => {
    const buffer = new LogBuffer(10);
    expect(buffer.add('0123456789ab')?.text).toBe('0123456789ab');
    expect(buffer.add('more')).toBeUndefined();
    expect(buffer.snapshot().text).toBe('0123456789ab');
  });
});
