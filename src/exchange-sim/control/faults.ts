import { z } from 'zod';

/** Faults the control API can inject (by count or rate, for one operation or all). */
export const faultRuleSchema = z
  .object({
    kind: z.enum([
      'http503',
      'serverBusy',
      'reset',
      'delay',
      'truncate',
      'invalidSyncState',
      'expiredSubscription',
      'dropStream',
      // CreateItem stores the item but silently drops FileAttachments sent inline with it, and still
      // answers NoError, as a real non-Microsoft EWS server did.
      'dropInlineAttachments',
    ]),
    operation: z.string().min(1).default('*'),
    count: z.number().int().min(1).optional(),
    rate: z.number().min(0).max(1).optional(),
    delayMs: z.number().int().min(0).max(600_000).default(1000),
    backOffMs: z.number().int().min(0).max(600_000).default(2000),
  })
  .strict()
  .refine((r) => r.count !== undefined || r.rate !== undefined, { message: 'give count or rate' })
  // Both would leave it unclear which one ends the rule; the documented body is `count | rate`.
  .refine((r) => r.count === undefined || r.rate === undefined, { message: 'give count or rate, not both' });
export type FaultRule = z.infer<typeof faultRuleSchema> & {
  id: number;
  remaining: number | undefined;
  /** Calls this rule has matched so far, count and rate rules alike (drives the deterministic rate). */
  matched: number;
};

export class FaultInjector {
  private rules: FaultRule[] = [];
  private nextId = 1;

  add(input: unknown): FaultRule {
    const r = faultRuleSchema.parse(input);
    const rule: FaultRule = { ...r, id: this.nextId++, remaining: r.count, matched: 0 };
    this.rules.push(rule);
    return rule;
  }

  list(): FaultRule[] {
    return [...this.rules];
  }

  clear(): void {
    this.rules = [];
  }

  /** The fault to apply to this operation now, if any (consumes one count). */
  take(operation: string, kinds?: readonly FaultRule['kind'][]): FaultRule | undefined {
    for (const r of this.rules) {
      if (r.operation !== '*' && r.operation !== operation) continue;
      if (kinds && !kinds.includes(r.kind)) continue;
      if (r.remaining !== undefined) {
        if (r.remaining <= 0) continue;
        r.matched++;
        r.remaining--;
        if (r.remaining === 0) this.rules = this.rules.filter((x) => x !== r);
        return r;
      }
      if (r.rate !== undefined) {
        // Deterministic rather than random, so tests can assert exact outcomes: the n-th matching call
        // faults when floor(n * rate) steps up (rate 0.5 faults calls 2, 4, 6...; 0.25 calls 4, 8...).
        r.matched++;
        if (Math.floor(r.matched * r.rate) > Math.floor((r.matched - 1) * r.rate)) return r;
      }
    }
    return undefined;
  }
}
