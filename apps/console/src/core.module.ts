import { createSecretKey } from 'node:crypto';

import { type DynamicModule, Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AuditEventEntity } from './audit/audit-event.entity';
import { AuditService } from './audit/audit.service';
import { TokenService } from './auth/token.service';
import { SecretBox } from './common/secret-box';
import { CONSOLE_CONFIG, type ConsoleConfig } from './config/console-config';
import { RedisCloser, redisProvider } from './redis.provider';
import { RunEventsBus } from './runs/run-events.bus';

/** What every feature needs: configuration, secrets, Redis, tokens, audit, the run bus. */
@Global()
@Module({})
export class CoreModule {
  static forConfig(config: ConsoleConfig): DynamicModule {
    const secretBox = new SecretBox(config.masterKeyId, {
      [config.masterKeyId]: config.masterKey,
    });
    // A key object made once: given the text, jsonwebtoken first tries it as a PEM public key
    // on every verify, which cost ~0.7 ms of each API request.
    const jwtKey = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));

    return {
      module: CoreModule,
      imports: [
        TypeOrmModule.forFeature([AuditEventEntity]),
        JwtModule.register({
          secretOrKeyProvider: () => jwtKey,
          signOptions: { algorithm: 'HS256' },
          verifyOptions: { algorithms: ['HS256'] },
        }),
      ],
      providers: [
        { provide: CONSOLE_CONFIG, useValue: config },
        { provide: SecretBox, useValue: secretBox },
        redisProvider,
        RedisCloser,
        AuditService,
        TokenService,
        RunEventsBus,
      ],
      exports: [
        CONSOLE_CONFIG,
        SecretBox,
        redisProvider,
        AuditService,
        TokenService,
        RunEventsBus,
        JwtModule,
      ],
    };
  }
}
