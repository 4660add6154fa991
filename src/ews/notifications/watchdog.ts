// Heartbeat watchdog for a streaming connection: Exchange sends a keep-alive envelope periodically;
// when no byte at all arrives for twice that interval the connection is declared dead (EWS Managed
// API convention: 2x the heartbeat). Paused while the consumer processes events, so a slow consumer
// is not mistaken for a dead server.
export class HeartbeatWatchdog {
  private timer: NodeJS.Timeout | undefined;
  private last = Date.now();
  private stopped = false;
  fired = false;

  constructor(
    readonly timeoutMs: number,
    private readonly onDead: (silentMs: number) => void,
  ) {
    this.arm();
  }

  /** Data arrived. */
  kick(): void {
    this.last = Date.now();
    this.arm();
  }

  pause(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  resume(): void {
    this.kick();
  }

  stop(): void {
    this.stopped = true;
    this.pause();
  }

  get silentMs(): number {
    return Date.now() - this.last;
  }

  private arm(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.stopped) return;
      this.fired = true;
      this.onDead(this.silentMs);
    }, this.timeoutMs);
  }
}
