import { connect } from 'node:net';

import type { RunRequestEvent } from '@rampart/contracts';

import type { TriggerAnswer } from './trigger-server';

const ANSWER_TIMEOUT_MS = 20_000;

/** Sends one run request to the local daemon; rejects when the daemon cannot be reached. */
export function sendToDaemon(ipcPath: string, request: RunRequestEvent): Promise<TriggerAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(ipcPath);
    let answer = '';
    socket.setEncoding('utf8');
    socket.setTimeout(ANSWER_TIMEOUT_MS, () => socket.destroy(new Error('no answer in time')));

    socket.on('connect', () => socket.write(JSON.stringify(request) + '\n'));
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      try {
        resolve(JSON.parse(answer) as TriggerAnswer);
      } catch {
        reject(new Error('the daemon answered something unreadable'));
      }
    });
  });
}
