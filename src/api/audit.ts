import type { FastifyRequest } from 'fastify';
import type { AuditLogRepository } from '../store/index.ts';
import { CREDENTIAL_KEYS } from './logging.ts';
import { actorOf } from './principal.ts';

const CREDENTIAL_KEY_SET = new Set<string>(CREDENTIAL_KEYS.map((k) => k.toLowerCase()));

/**
 * The audit details of a change: the names of the fields written, with values only for fields that
 * cannot hold a credential (credential fields are listed as changed, never with their value).
 */
export function auditDetails(input: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const fields = Object.keys(input).filter((k) => input[k] !== undefined);
  const credentialFields = fields.filter(isCredentialKey);
  return { fields, ...(credentialFields.length > 0 ? { credentialsChanged: credentialFields } : {}) };
}

export function isCredentialKey(key: string): boolean {
  const k = key.toLowerCase();
  return CREDENTIAL_KEY_SET.has(k) || k.includes('password') || k.includes('secret') || k === 'pin';
}

export class Auditor {
  constructor(private readonly repo: AuditLogRepository) {}

  async record(
    request: FastifyRequest,
    action: string,
    target: { type: string; id: string | null },
    details: Record<string, unknown> = {},
  ): Promise<void> {
    await this.repo.append({
      actor: actorOf(request.principal),
      action,
      targetType: target.type,
      targetId: target.id,
      details,
    });
  }
}
