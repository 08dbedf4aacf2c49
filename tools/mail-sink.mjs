#!/usr/bin/env node
// A local SMTP sink for the demo: accepts every message on loopback and keeps it as an .eml
// file, printing one line per message. Nothing is ever relayed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

const port = Number(process.env.RAMPART_SMTP_SINK_PORT ?? 2525);
const dir = process.env.RAMPART_MAIL_DIR ?? join(process.cwd(), '.rampart', 'mail');
mkdirSync(dir, { recursive: true });

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', async () => {
      const raw = Buffer.concat(chunks);
      const file = join(dir, `${Date.now()}-${session.id}.eml`);
      writeFileSync(file, raw);
      const mail = await simpleParser(raw);
      const to = session.envelope.rcptTo.map((r) => r.address).join(', ');
      console.log(`mail to ${to}: ${mail.subject} (${file})`);
      callback(null, 'stored by the Rampart demo mail sink');
    });
  },
});

server.listen(port, '127.0.0.1', () => console.log(`mail sink on 127.0.0.1:${port}, saving to ${dir}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
process.on('SIGINT', () => server.close(() => process.exit(0)));
