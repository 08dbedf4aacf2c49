import { isIP } from 'node:net';

import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createTransport } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { Repository } from 'typeorm';

import { SecretBox } from '../common/secret-box';
import { SmtpSettingsEntity } from './smtp-settings.entity';

export const SMTP_SECRET_CONTEXT = 'smtp';

export interface OutgoingMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** A stable Message-ID lets mail systems drop a copy sent again after a crash. */
  messageId?: string;
  headers?: Record<string, string>;
}

export interface MailReceipt {
  messageId: string;
  response: string;
  accepted: string[];
  rejected: string[];
}

/** A failed delivery: the server's answer, whether retrying can help, and what to check. */
export class MailDeliveryError extends Error {
  override readonly name = 'MailDeliveryError';

  constructor(
    message: string,
    readonly permanent: boolean,
    readonly hint: string,
  ) {
    super(message);
  }

  /** The line kept in the history: what happened, then what to check. */
  get report(): string {
    return `${this.message} (check: ${this.hint})`;
  }
}

interface SmtpFailure {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

/** The SMTP adapter: reads the stored settings, opens the password only to connect. */
@Injectable()
export class SmtpMailer {
  constructor(
    @InjectRepository(SmtpSettingsEntity)
    private readonly settings: Repository<SmtpSettingsEntity>,
    private readonly secrets: SecretBox,
  ) {}

  async send(mail: OutgoingMail): Promise<MailReceipt> {
    const settings = await this.settings.findOneBy({ id: 1 });
    if (!settings) {
      throw new MailDeliveryError('SMTP is not configured', true, 'Settings › SMTP');
    }

    const transport = createTransport(this.transportOptions(settings));
    try {
      const info = await transport.sendMail({
        from: settings.sender,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        headers: mail.headers,
      });
      return {
        messageId: info.messageId,
        response: info.response,
        accepted: info.accepted.map(String),
        rejected: info.rejected.map(String),
      };
    } catch (error) {
      throw classifySmtpError(error);
    } finally {
      transport.close();
    }
  }

  private transportOptions(settings: SmtpSettingsEntity): SMTPTransport.Options {
    const password = settings.passwordEnc
      ? this.secrets.open(settings.passwordEnc, SMTP_SECRET_CONTEXT)
      : undefined;

    return {
      host: settings.host,
      port: settings.port,
      secure: settings.security === 'tls',
      requireTLS: settings.security === 'starttls',
      ignoreTLS: settings.security === 'none',
      tls: {
        rejectUnauthorized: settings.rejectUnauthorized,
        ...(isIP(settings.host) ? {} : { servername: settings.host }),
      },
      auth: settings.username ? { user: settings.username, pass: password } : undefined,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
      disableFileAccess: true,
      disableUrlAccess: true,
      logger: false,
    };
  }
}

const CERTIFICATE = /certificate|self[- ]signed|CERT_|unable to verify|altname/i;
const WRONG_TLS_MODE = /wrong version number|packet length too long|unknown protocol/i;

/** Sorts an SMTP failure into "retry later" and "an administrator must change something". */
export function classifySmtpError(error: unknown): MailDeliveryError {
  const failure = (typeof error === 'object' && error !== null ? error : {}) as SmtpFailure;
  const message = (failure.message ?? String(error)).slice(0, 500);
  const reply = failure.responseCode ?? 0;

  if (failure.code === 'EAUTH' && reply >= 500) {
    return new MailDeliveryError(message, true, 'the user name and password in Settings › SMTP');
  }
  if (CERTIFICATE.test(message)) {
    const hint =
      "the server's certificate (trusted issuer, host name, expiry), or turn off " +
      'certificate checking if you trust this network';
    return new MailDeliveryError(message, true, hint);
  }
  if (WRONG_TLS_MODE.test(message)) {
    const hint = 'the security mode: implicit TLS is usually port 465, STARTTLS port 587';
    return new MailDeliveryError(message, true, hint);
  }
  if (reply >= 500) {
    return new MailDeliveryError(message, true, 'the sender address and the recipients');
  }
  return new MailDeliveryError(message, false, transientHint(failure, reply));
}

function transientHint(failure: SmtpFailure, reply: number): string {
  if (reply >= 400) return 'the SMTP server is refusing for now; Rampart retries';
  if (failure.code === 'ETIMEDOUT') return 'the host, the port and any firewall between them';
  return 'the host and port, and that the SMTP server is running';
}
