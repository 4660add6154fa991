import assert from 'node:assert/strict';

export interface StreamEvent {
  readonly id: string | undefined;
  readonly event: string;
  readonly data: Record<string, unknown>;
}

export interface EventStream {
  readonly events: StreamEvent[];
  /** Waits until `count` events have arrived and returns the first `count`. */
  take(count: number): Promise<StreamEvent[]>;
  /** Waits for the first event matching `pred`. */
  next(pred: (e: StreamEvent) => boolean): Promise<StreamEvent>;
  close(): void;
}

/** Reads `GET /api/v1/events` as the browser's EventSource would, keeping every event with its id. */
export async function openEventStream(
  baseUrl: string,
  auth: { cookie?: string; token?: string },
  lastEventId?: string,
): Promise<EventStream> {
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  if (auth.cookie) headers.cookie = auth.cookie;
  if (auth.token) headers.authorization = `Bearer ${auth.token}`;
  if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
  const controller = new AbortController();
  const res = await fetch(`${baseUrl}/api/v1/events`, { headers, signal: controller.signal });
  assert.equal(res.status, 200);
  const events: StreamEvent[] = [];
  const waiters = new Set<() => void>();
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const lines = buffer.slice(0, end).split('\n');
          buffer = buffer.slice(end + 2);
          const field = (name: string) =>
            lines.find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
          const event = field('event');
          const data = field('data');
          if (!event || !data) continue;
          events.push({ id: field('id'), event, data: JSON.parse(data) as Record<string, unknown> });
          for (const w of [...waiters]) w();
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  const waitFor = async <T>(check: () => T | undefined, what: string): Promise<T> => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const v = check();
      if (v !== undefined) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(events)}`);
      await new Promise<void>((resolve) => {
        const done = () => {
          waiters.delete(done);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(done, 200);
        waiters.add(done);
      });
    }
  };
  return {
    events,
    take: (count) =>
      waitFor(() => (events.length >= count ? events.slice(0, count) : undefined), `${count} events`),
    next: (pred) => waitFor(() => events.find(pred), 'a matching event'),
    close: () => controller.abort(),
  };
}
