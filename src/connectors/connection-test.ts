// The report of a connection test: each step in order, with ok / failed / skipped, and for the
// failed step a stable code and a sentence the administrator can act on.

export const CONNECTION_STEPS = ['reachable', 'tls', 'authentication', 'impersonation', 'version'] as const;
export type ConnectionStep = (typeof CONNECTION_STEPS)[number];

export const STEP_TITLES: Readonly<Record<ConnectionStep, string>> = {
  reachable: 'Address resolves and the port accepts connections',
  tls: 'TLS certificate trusted',
  authentication: 'Account accepted by the mail server',
  impersonation: 'Impersonation of the mailbox allowed',
  version: 'Exchange version known',
};

export type StepStatus = 'ok' | 'failed' | 'skipped';

export interface StepResult {
  readonly step: ConnectionStep;
  readonly title: string;
  readonly status: StepStatus;
  /** What was found (ok) or why the step did not run (skipped). */
  readonly detail?: string;
  /** Failed steps only: stable code, e.g. `auth.rejected`, `impersonation.denied`. */
  readonly code?: string;
  /** Failed steps only: what went wrong and what to do. */
  readonly message?: string;
  /** Failed steps the mail server answered with an EWS error: its ResponseCode, e.g. ErrorImpersonateUserDenied. */
  readonly responseCode?: string;
}

export interface ServerVersionReport {
  /** e.g. "15.1.2507.6". */
  readonly build: string;
  /** e.g. "Exchange 2016". */
  readonly product: string;
  /** The RequestServerVersion voxsync uses with it. */
  readonly requestServerVersion: string;
}

export interface ConnectionTestReport {
  readonly ok: boolean;
  readonly steps: readonly StepResult[];
  readonly serverVersion?: ServerVersionReport;
}

export interface ConnectionTestOptions {
  /** SMTP address of a mailbox the service account should impersonate (step 4). */
  readonly impersonate?: string;
  /** Per-step network timeout. Default 10 s. */
  readonly timeoutMs?: number;
}

/** Collects step results; once a gate fails, the remaining steps are reported as skipped. */
export class StepRecorder {
  private readonly results = new Map<ConnectionStep, StepResult>();

  ok(step: ConnectionStep, detail: string): void {
    this.results.set(step, { step, title: STEP_TITLES[step], status: 'ok', detail });
  }

  failed(step: ConnectionStep, code: string, message: string, responseCode?: string): void {
    this.results.set(
      step,
      responseCode === undefined || responseCode === ''
        ? { step, title: STEP_TITLES[step], status: 'failed', code, message }
        : { step, title: STEP_TITLES[step], status: 'failed', code, message, responseCode },
    );
  }

  skipped(step: ConnectionStep, detail: string): void {
    this.results.set(step, { step, title: STEP_TITLES[step], status: 'skipped', detail });
  }

  has(step: ConnectionStep): boolean {
    return this.results.has(step);
  }

  report(serverVersion?: ServerVersionReport): ConnectionTestReport {
    const steps = CONNECTION_STEPS.map(
      (s) =>
        this.results.get(s) ?? {
          step: s,
          title: STEP_TITLES[s],
          status: 'skipped' as const,
          detail: 'Not run because an earlier step failed.',
        },
    );
    return {
      ok: steps.every((s) => s.status !== 'failed'),
      steps,
      ...(serverVersion ? { serverVersion } : {}),
    };
  }
}
