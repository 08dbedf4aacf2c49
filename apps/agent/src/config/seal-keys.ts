import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { generateSealKeys, type SealKeyPair, sealPublicKeyOf } from '@rampart/agent-seal';

const KEY_FILE = 'seal-key.json';

/**
 * The agent's sealing key pair: made on the first start and kept in the data directory,
 * readable by its owner only. The console learns the public half at each connection and
 * seals the secrets it sends this agent (an OS password for Oracle Scheduler) with it.
 */
export function loadOrCreateSealKeys(dataDir: string): SealKeyPair {
  const file = join(dataDir, KEY_FILE);
  if (existsSync(file)) {
    const privateKey = readFileSync(file, 'utf8').trim();
    return { privateKey, publicKey: sealPublicKeyOf(privateKey) };
  }

  const keys = generateSealKeys();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(file, keys.privateKey + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return keys;
}
