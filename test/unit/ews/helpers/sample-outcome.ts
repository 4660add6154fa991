// Classifies what the client makes of one recorded response document: parsed results, a typed fault,
// a typed XML/protocol error, or a body for an operation the client does not implement.
import { parseResponseEnvelope } from '../../../../src/ews/soap/envelope.ts';
import { EwsError, SoapFaultError } from '../../../../src/ews/errors.ts';
import type { Operation } from '../../../../src/ews/operations/operation.ts';
import { OPERATIONS } from '../../../../src/ews/operations/index.ts';

export interface SampleOutcome {
  /** 'ok' | 'fault:<ResponseCode>' | '<error code>' | 'not-implemented:<body>' */
  kind: string;
  /** For 'ok': one entry per ResponseMessage: 'ok' or the ResponseCode of the error. */
  results?: string[];
  value?: unknown;
}

const byResponse = new Map<string, Operation<never, unknown>>(
  Object.values(OPERATIONS).map((op) => [`${op.name}Response`, op as Operation<never, unknown>]),
);

export function sampleOutcome(xml: string): SampleOutcome {
  try {
    const env = parseResponseEnvelope(xml);
    const op = byResponse.get(env.body.local);
    if (op === undefined) return { kind: `not-implemented:${env.body.local}` };
    const value = op.parseBody(env.body);
    const list = Array.isArray(value) ? (value as unknown[]) : [value];
    return {
      kind: 'ok',
      value,
      results: list.map((r) => {
        const x = r as { ok?: boolean; error?: { rawResponseCode: string } };
        if (x.ok === false || (x.ok === undefined && x.error !== undefined)) return x.error!.rawResponseCode;
        return 'ok';
      }),
    };
  } catch (e) {
    if (e instanceof SoapFaultError) return { kind: `fault:${e.rawResponseCode}` };
    if (e instanceof EwsError) return { kind: e.code };
    throw e;
  }
}
