import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for secrets at rest (Oracle and SMTP passwords). The envelope names the key it
 * was sealed with, so keys can rotate: `v1:<keyId>:<iv>:<tag>:<ciphertext>`, base64 parts.
 */
export class SecretBox {
  private readonly keys: Map<string, Buffer>;

  constructor(
    private readonly currentKeyId: string,
    keys: Record<string, Buffer>,
  ) {
    this.keys = new Map(Object.entries(keys));
    if (this.keys.get(currentKeyId)?.length !== 32) {
      throw new Error(`master key ${currentKeyId} must be 32 bytes`);
    }
  }

  seal(plaintext: string, associatedData = ''): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key(this.currentKeyId), iv);
    cipher.setAAD(Buffer.from(associatedData));

    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64'));
    return ['v1', this.currentKeyId, ...parts].join(':');
  }

  open(envelope: string, associatedData = ''): string {
    const [version, keyId, iv, tag, body] = envelope.split(':');
    if (version !== 'v1' || !keyId || !iv || !tag || body === undefined) {
      throw new Error('not a sealed secret');
    }

    const decipher = createDecipheriv('aes-256-gcm', this.key(keyId), Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(associatedData));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString(
      'utf8',
    );
  }

  keyIdOf(envelope: string): string | null {
    return envelope.startsWith('v1:') ? (envelope.split(':')[1] ?? null) : null;
  }

  private key(keyId: string): Buffer {
    const key = this.keys.get(keyId);
    if (!key) throw new Error(`no master key with id ${keyId} is configured`);
    return key;
  }
}
