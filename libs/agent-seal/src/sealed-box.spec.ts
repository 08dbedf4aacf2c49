import {
  generateSealKeys,
  isSealPublicKey,
  openSealed,
  SealError,
  sealFor,
  sealPublicKeyOf,
} from './sealed-box';

describe('sealed box', () => {
  const agent = generateSealKeys();
  const other = generateSealKeys();
  const purpose = 'scheduler-credential:6f1c';

  it('opens with the agent key and the same purpose, and hides the secret', () => {
    const secret = "p@ss'word & more ✓";
    const sealed = sealFor(agent.publicKey, secret, purpose);

    expect(sealed).toMatch(/^rseal1\./);
    expect(sealed).not.toContain('word');
    expect(openSealed(agent.privateKey, sealed, purpose)).toBe(secret);
  });

  it('seals the same secret differently every time', () => {
    expect(sealFor(agent.publicKey, 'x', purpose)).not.toBe(sealFor(agent.publicKey, 'x', purpose));
  });

  it('does not open for another agent, another purpose, or altered text', () => {
    const sealed = sealFor(agent.publicKey, 'secret', purpose);
    const parts = sealed.split('.');
    const flipped = Buffer.from(parts[4], 'base64url');
    flipped[0] ^= 1;
    const altered = [...parts.slice(0, 4), flipped.toString('base64url')].join('.');

    expect(() => openSealed(other.privateKey, sealed, purpose)).toThrow(SealError);
    expect(() => openSealed(agent.privateKey, sealed, 'target-password:6f1c')).toThrow(SealError);
    expect(() => openSealed(agent.privateKey, altered, purpose)).toThrow(SealError);
    expect(() => openSealed(agent.privateKey, 'rseal1.x.y.z', purpose)).toThrow(SealError);
  });

  it('knows a public key from anything else, and derives it from the private key', () => {
    expect(isSealPublicKey(agent.publicKey)).toBe(true);
    expect(sealPublicKeyOf(agent.privateKey)).toBe(agent.publicKey);
    const lowOrder = Buffer.alloc(32).toString('base64url');
    for (const bad of ['', 'abc', 42, null, `${agent.publicKey}=`, 'A'.repeat(44), lowOrder]) {
      expect(isSealPublicKey(bad)).toBe(false);
    }
    expect(() => sealPublicKeyOf('{"kty":"RSA"}')).toThrow(SealError);
  });
});
