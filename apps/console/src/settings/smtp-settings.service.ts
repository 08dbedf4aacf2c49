import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

import type { SmtpSettingsInput, SmtpSettingsView, SmtpTestResult } from '@rampart/contracts';

import { AuditService } from '../audit/audit.service';
import type { AuthenticatedUser } from '../auth/auth.decorators';
import { DomainError } from '../common/domain-error';
import { SecretBox } from '../common/secret-box';
import { MailDeliveryError, SMTP_SECRET_CONTEXT, SmtpMailer } from './smtp-mailer';
import { SmtpSettingsEntity } from './smtp-settings.entity';

/** The console's SMTP server: stored with a sealed password, tested on request. */
@Injectable()
export class SmtpSettingsService {
  private readonly logger = new Logger(SmtpSettingsService.name);

  constructor(
    @InjectRepository(SmtpSettingsEntity)
    private readonly settings: Repository<SmtpSettingsEntity>,
    private readonly mailer: SmtpMailer,
    private readonly secrets: SecretBox,
    private readonly audit: AuditService,
  ) {}

  async view(): Promise<SmtpSettingsView> {
    const stored = await this.settings.findOneBy({ id: 1 });
    if (!stored) throw new DomainError('not_found', 'SMTP is not configured yet');

    return toView(stored);
  }

  async save(input: SmtpSettingsInput, user: AuthenticatedUser): Promise<SmtpSettingsView> {
    const stored = (await this.settings.findOneBy({ id: 1 })) ?? this.settings.create({ id: 1 });
    const passwordChanged = input.password !== undefined;
    refuseKeptPasswordOnNewServer(stored, input);

    Object.assign(stored, {
      host: input.host,
      port: input.port,
      security: input.security,
      rejectUnauthorized: input.verifyCertificate,
      username: input.username,
      sender: input.sender,
      updatedAt: new Date(),
    });
    if (input.password !== undefined) stored.passwordEnc = this.seal(input.password);
    if (!stored.username) stored.passwordEnc = null;
    const saved = await this.settings.save(stored);

    const view = toView(saved);
    const { hasPassword, ...details } = view;
    await this.audit.record(user, 'smtp.update', 'smtp_settings', '1', {
      ...details,
      hasPassword,
      passwordChanged,
    });
    return view;
  }

  async sendTest(to: string, user: AuthenticatedUser): Promise<SmtpTestResult> {
    const result = await this.trySend(to);

    await this.audit.record(user, 'smtp.test', 'smtp_settings', '1', { to, ok: result.ok });
    this.logger.log({ msg: 'SMTP test mail', to, ok: result.ok, answer: result.response });
    return result;
  }

  private async trySend(to: string): Promise<SmtpTestResult> {
    try {
      const receipt = await this.mailer.send({
        to: [to],
        subject: '[Rampart] Test mail',
        text: 'Rampart can send mail through this SMTP server.',
        html: '<p>Rampart can send mail through this SMTP server.</p>',
      });
      return {
        ok: true,
        response: receipt.response,
        messageId: receipt.messageId,
        error: null,
        hint: null,
      };
    } catch (error) {
      if (!(error instanceof MailDeliveryError)) throw error;
      return { ok: false, response: null, messageId: null, error: error.message, hint: error.hint };
    }
  }

  private seal(password: string | null): string | null {
    return password === null ? null : this.secrets.seal(password, SMTP_SECRET_CONTEXT);
  }
}

function toView(s: SmtpSettingsEntity): SmtpSettingsView {
  return {
    host: s.host,
    port: s.port,
    security: s.security,
    verifyCertificate: s.rejectUnauthorized,
    username: s.username,
    hasPassword: s.passwordEnc !== null,
    sender: s.sender,
    updatedAt: s.updatedAt?.toISOString() ?? null,
  };
}

/**
 * A stored password is only ever sent to the server it was entered for: moving the settings
 * to another host, port or user needs the password again, or an admin could have the console
 * hand the secret to a server of their choosing.
 */
function refuseKeptPasswordOnNewServer(stored: SmtpSettingsEntity, input: SmtpSettingsInput) {
  const keepsPassword = input.password === undefined && !!stored.passwordEnc;
  const moved =
    stored.host !== input.host ||
    stored.port !== input.port ||
    (stored.username ?? null) !== (input.username ?? null);
  if (!keepsPassword || !moved) return;

  throw new DomainError('validation', 'password must be entered again for a new server', [
    { field: 'password', message: 'must be entered again when host, port or username change' },
  ]);
}
