import pino from 'pino';
import type { DestinationStream, Logger, LoggerOptions } from 'pino';

/**
 * Object keys that may hold a credential anywhere in a log record. Handlers never log request bodies,
 * and these redactions catch what slips through (an error carrying its input, a debug line).
 */
export const CREDENTIAL_KEYS = [
  'password',
  'passwordConfirmation',
  'currentPassword',
  'newPassword',
  'pin',
  'newPin',
  'currentPin',
  'secret',
  'token',
  'accessToken',
  'refreshToken',
  'clientSecret',
  'serviceAccountPassword',
  'serviceAccountPasswordConfirmation',
  'exchangePassword',
  'exchangePasswordConfirmation',
  'credentials',
] as const;

function redactPaths(): string[] {
  const paths = [
    'req.headers.authorization',
    'req.headers.cookie',
    'req.headers["x-csrf-token"]',
    'res.headers["set-cookie"]',
  ];
  // Plugins log request headers under their own keys (@fastify/multipart's trace line logs
  // `busboyOptions.headers`), so the header names are redacted at any of the first depths.
  for (const header of ['authorization', 'cookie', '["x-csrf-token"]', '["set-cookie"]']) {
    const h = header.startsWith('[') ? header : `.${header}`;
    paths.push(`headers${h}`, `*.headers${h}`, `*.*.headers${h}`);
  }
  for (const key of CREDENTIAL_KEYS) {
    paths.push(key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`);
  }
  return paths;
}

export function loggerOptions(level: string = 'info'): LoggerOptions {
  return {
    level,
    redact: { paths: redactPaths(), censor: '[redacted]' },
    base: { service: 'voxsync' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
}

export function createLogger(level?: string, destination?: DestinationStream): Logger {
  return destination ? pino(loggerOptions(level), destination) : pino(loggerOptions(level));
}
