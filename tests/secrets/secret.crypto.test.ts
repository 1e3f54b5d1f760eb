/** Sealing (AES-256-GCM bound to owner and name), the key file, and masking. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SecretCipher, loadSecretKey } from '../../server/secrets/secret.crypto.js';
import { SecretMasker } from '../../server/secrets/secret.masker.js';

describe('SecretCipher', () => {
  const cipher = new SecretCipher(crypto.randomBytes(32));

  it('opens what it sealed, with a fresh IV each time', () => {
    const a = cipher.seal('u1', 'TOKEN', 'value-1');
    const b = cipher.seal('u1', 'TOKEN', 'value-1');
    expect(a.iv).not.toBe(b.iv);
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(cipher.open('u1', 'TOKEN', a)).toBe('value-1');
    expect(a.key_id).toBe(cipher.keyId);
  });

  it('refuses a row copied to another owner or name, altered, or sealed by another key', () => {
    const sealed = cipher.seal('u1', 'TOKEN', 'value-1');
    expect(() => cipher.open('u2', 'TOKEN', sealed)).toThrow();
    expect(() => cipher.open('u1', 'OTHER', sealed)).toThrow();
    const flipped = Buffer.from(sealed.ciphertext, 'base64');
    flipped[0]! ^= 1;
    expect(() => cipher.open('u1', 'TOKEN', { ...sealed, ciphertext: flipped.toString('base64') })).toThrow();
    const other = new SecretCipher(crypto.randomBytes(32));
    expect(() => other.open('u1', 'TOKEN', sealed)).toThrow(/another key/);
    expect(() => other.open('u1', 'TOKEN', { ...sealed, key_id: other.keyId })).toThrow();
  });
});

describe('loadSecretKey', () => {
  it('generates a key once into the data dir with mode 0600, and reads it back', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fnbox-key-'));
    const key = loadSecretKey(dir);
    expect(key.length).toBe(32);
    expect(fs.statSync(path.join(dir, 'secrets-key')).mode & 0o777).toBe(0o600);
    expect(loadSecretKey(dir).equals(key)).toBe(true);
    fs.rmSync(dir, { recursive: true });
  });

  it('takes FNBOX_SECRET_KEY as hex or base64, and refuses a key of another length', () => {
    const key = crypto.randomBytes(32);
    expect(loadSecretKey('/nonexistent', key.toString('hex')).equals(key)).toBe(true);
    expect(loadSecretKey('/nonexistent', key.toString('base64')).equals(key)).toBe(true);
    expect(() => loadSecretKey('/nonexistent', 'too-short')).toThrow(/32 bytes/);
  });
});

describe('SecretMasker', () => {
  it('masks values of 4 characters or more and their base64 (padding left as is), longest first', () => {
    const masker = new SecretMasker([['A', 'abc'], ['B', 'p+ss/w?rd!'], ['C', 'p+ss/w?rd!-longer'], ['D', '\u00ff\u00fe\u00ff\u00fe'], ['E', 'ÿþÿ']]);
    // base64 of 'p+ss/w?rd!' is cCtzcy93P3JkIQ==; of 'ÿþÿþ' (UTF-8) w7/DvsO/w74=, base64url w7_DvsO_w74; 'ÿþÿ' is too short to mask.
    expect(masker.mask('abc p+ss/w?rd! p+ss/w?rd!-longer cCtzcy93P3JkIQ== w7/DvsO/w74= w7_DvsO_w74 ÿþÿ')).toBe('abc [secret:B] [secret:C] [secret:B]== [secret:D]= [secret:D] ÿþÿ');
    expect(masker.mask(null)).toBeNull();
    expect(new SecretMasker([]).mask('anything')).toBe('anything');
  });
});
