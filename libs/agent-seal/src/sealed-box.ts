import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  type KeyObject,
  randomBytes,
} from 'node:crypto';

/**
 * Secrets the console hands to one agent (an OS password for Oracle Scheduler, a database
 * password) travel through Redis and the job history sealed for that agent alone: an
 * ephemeral X25519 key agreement with the agent's public key, HKDF-SHA256, then AES-256-GCM
 * with the purpose as associated data. Only the agent's private key, which never leaves its
 * host, opens them, and a secret sealed for one purpose cannot be opened for another.
 *
 * Sealed text: `rseal1.<ephemeral public key>.<iv>.<tag>.<ciphertext>`, each base64url.
 */
const VERSION = 'rseal1';
const INFO = 'rampart agent seal v1';
const RAW_KEY = /^[A-Za-z0-9_-]{43}$/;

export class SealError extends Error {}

export interface SealKeyPair {
  /** The raw 32-byte X25519 public key, base64url: what the agent tells the console. */
  publicKey: string;
  /** The private key as a JWK; kept by the agent in a file only its owner reads. */
  privateKey: string;
}

export function generateSealKeys(): SealKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('x25519');
  return {
    publicKey: rawPublicKey(publicKey),
    privateKey: JSON.stringify(privateKey.export({ format: 'jwk' })),
  };
}

/** True for text that can be an agent's public key (checked before it is stored). */
export function isSealPublicKey(text: unknown): text is string {
  if (typeof text !== 'string' || !RAW_KEY.test(text)) return false;

  try {
    // A trial agreement: low-order points (all zeros, …) parse but derive nothing.
    const trial = generateKeyPairSync('x25519');
    diffieHellman({ privateKey: trial.privateKey, publicKey: publicKeyOf(text) });
    return true;
  } catch {
    return false;
  }
}

/** The public half of a stored private key, to check that a key file and a record agree. */
export function sealPublicKeyOf(privateKey: string): string {
  return rawPublicKey(createPublicKey(privateKeyOf(privateKey)));
}

export function sealFor(recipientPublicKey: string, secret: string, purpose: string): string {
  const recipient = publicKeyOf(recipientPublicKey);
  const ephemeral = generateKeyPairSync('x25519');
  const ephemeralPublic = rawPublicKey(ephemeral.publicKey);
  const key = derivedKey(
    diffieHellman({ privateKey: ephemeral.privateKey, publicKey: recipient }),
    ephemeralPublic,
    recipientPublicKey,
    purpose,
  );

  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(purpose, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), ciphertext].map((b) => b.toString('base64url'));
  return [VERSION, ephemeralPublic, ...parts].join('.');
}

export function openSealed(privateKey: string, sealed: string, purpose: string): string {
  const parts = typeof sealed === 'string' ? sealed.split('.') : [];
  if (parts.length !== 5 || parts[0] !== VERSION || !RAW_KEY.test(parts[1])) {
    throw new SealError(`not a sealed secret of version ${VERSION}`);
  }

  const [, ephemeralPublic, iv, tag, ciphertext] = parts;
  const own = privateKeyOf(privateKey);
  const key = derivedKey(
    diffieHellman({ privateKey: own, publicKey: publicKeyOf(ephemeralPublic) }),
    ephemeralPublic,
    rawPublicKey(createPublicKey(own)),
    purpose,
  );

  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(purpose, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const secret = Buffer.concat([
      decipher.update(Buffer.from(ciphertext, 'base64url')),
      decipher.final(),
    ]);
    return secret.toString('utf8');
  } catch {
    throw new SealError(
      'the sealed secret does not open with this agent key: it was sealed for another agent ' +
        'or purpose, or altered on the way',
    );
  }
}

function derivedKey(shared: Buffer, ephemeral: string, recipient: string, purpose: string) {
  const salt = Buffer.from(`${ephemeral}.${recipient}`, 'utf8');
  return Buffer.from(hkdfSync('sha256', shared, salt, `${INFO} ${purpose}`, 32));
}

function rawPublicKey(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new SealError('not an X25519 key');
  return jwk.x;
}

function publicKeyOf(raw: string): KeyObject {
  if (!RAW_KEY.test(raw)) throw new SealError('a seal public key is 32 bytes in base64url');
  return createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: raw }, format: 'jwk' });
}

function privateKeyOf(text: string): KeyObject {
  try {
    const key = createPrivateKey({ key: JSON.parse(text), format: 'jwk' });
    if (key.asymmetricKeyType !== 'x25519') throw new Error('not x25519');
    return key;
  } catch {
    throw new SealError('the agent seal key is not an X25519 private key in JWK form');
  }
}
