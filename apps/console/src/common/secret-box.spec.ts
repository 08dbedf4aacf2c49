import { randomBytes } from 'node:crypto';

import { SecretBox } from './secret-box';

describe(SecretBox.name, () => {
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);

  it('opens what it sealed, and the envelope does not contain the secret', () => {
    const box = new SecretBox('k1', { k1 });

    const sealed = box.seal('Tiger#123', 'target:PROD1');

    expect(sealed).not.toContain('Tiger');
    expect(box.open(sealed, 'target:PROD1')).toBe('Tiger#123');
  });

  it('refuses an envelope moved to another record', () => {
    const box = new SecretBox('k1', { k1 });

    const sealed = box.seal('Tiger#123', 'target:PROD1');

    expect(() => box.open(sealed, 'target:PROD2')).toThrow();
  });

  it('refuses a tampered envelope', () => {
    const box = new SecretBox('k1', { k1 });
    const parts = box.seal('Tiger#123').split(':');

    parts[4] = Buffer.from('x' + parts[4]).toString('base64');

    expect(() => box.open(parts.join(':'))).toThrow();
  });

  it('opens secrets sealed under an older key after rotation', () => {
    const old = new SecretBox('k1', { k1 });
    const rotated = new SecretBox('k2', { k1, k2 });

    const sealed = old.seal('s3cret');

    expect(rotated.open(sealed)).toBe('s3cret');
    expect(rotated.keyIdOf(rotated.seal('s3cret'))).toBe('k2');
  });
});
