import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  /** The Message-ID header as sent, angle brackets included. */
  messageId: string;
}

/**
 * A real SMTP server on loopback that keeps what it receives. A drill can make it answer a
 * temporary refusal (`refuse(451)`) or stop listening (`stop()`, then `start()` on the same
 * port) to play an SMTP outage.
 */
export async function startSmtpSink(port: number) {
  const received: ReceivedMail[] = [];
  let refusal: number | null = null;
  let server: SMTPServer | null = null;

  const listen = async () => {
    const listening = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onMailFrom(_address, _session, callback) {
        if (refusal === null) return callback();
        const error = Object.assign(new Error('Mailbox busy, try again later'), {
          responseCode: refusal,
        });
        callback(error);
      },
      onData(stream, session, callback) {
        simpleParser(stream)
          .then((mail) => {
            received.push({
              to: session.envelope.rcptTo.map((r) => r.address),
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              messageId: mail.messageId ?? '',
            });
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((done) => listening.listen(port, '127.0.0.1', done));
    server = listening;
  };
  const close = async () => {
    const listening = server;
    server = null;
    if (listening) await new Promise<void>((done) => listening.close(() => done()));
  };

  await listen();
  return {
    port,
    received,
    /** Answers MAIL FROM with this temporary (4xx) code from now on; null accepts again. */
    refuse: (code: number | null) => {
      refusal = code;
    },
    /** Stops listening: the console's connections are refused until `start()`. */
    stop: close,
    start: listen,
    close,
  };
}
