import { UsageError } from './context.ts';

/** `--port`: 0 (any free port) to 65535; absent means "use the configured default". */
export function parsePort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be 0..65535, not "${text}"`);
  return port;
}
