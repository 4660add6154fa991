import type { Writable } from 'node:stream';

/** What a command needs from its surroundings; tests pass their own streams and environment. */
export interface CliContext {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly env: NodeJS.ProcessEnv;
  /** Set by a command that fails without throwing (exit 1 = operation failed, 2 = usage). */
  exitCode: number;
}

/** A usage error: wrong or missing arguments. Exits with 2. */
export class UsageError extends Error {
  readonly code = 'cli.usage';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
