import { UsageError } from './context.ts';

/** `--port`: 0 (any free port) to 65535; absent means "use the configured default". */
export function parsePort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  // Digits only: Number() would also take "", " ", "0x50" and "1e3".
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(port) || port > 65535) throw new UsageError(`--port must be 0..65535, not "${text}"`);
  return port;
}
