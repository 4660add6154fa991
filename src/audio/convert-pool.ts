/**
 * Conversion off the event loop. Encoding a 60-second message to MP3 or GSM costs hundreds of milliseconds of CPU
 * (docs/benchmarks.md); done inline in a request handler it would stall every other request. AudioConverter keeps
 * a few worker threads and hands them jobs; AudioErrors come back as AudioErrors with their code.
 */
import { Worker } from 'node:worker_threads';
import { AudioError, type AudioErrorCode } from './errors.ts';
import type { EncodedAudio, VoiceFormat } from './types.ts';
import type { WavLimits } from './wav-parse.ts';

export interface ConvertRequest {
  id: number;
  wav: Uint8Array;
  format: VoiceFormat;
  limits?: WavLimits;
}

export type ConvertReply =
  | { id: number; ok: true; result: EncodedAudio }
  | { id: number; ok: false; code?: AudioErrorCode; message: string };

interface Pending {
  resolve: (r: EncodedAudio) => void;
  reject: (e: Error) => void;
  slot: Slot;
}

interface Slot {
  worker: Worker;
  busy: number;
}

/**
 * The worker runs this module's sibling. From TypeScript sources (tsx, as bin/voxsync.js runs them) the worker
 * needs tsx's loader too: hooks registered in the main thread do not reach workers, and Node 20 does not apply
 * `--import` hooks to a worker's entry point, so a small bootstrap registers tsx inside the worker, by absolute
 * URL (whatever the working directory), then imports the entry.
 */
function spawn(): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSource ? './convert-worker.ts' : './convert-worker.js', import.meta.url).href;
  if (!fromSource) return new Worker(new URL(entry));
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true });
}

export class AudioConverter {
  private readonly slots: Slot[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly maxWorkers = 1) {
    if (!Number.isInteger(maxWorkers) || maxWorkers < 1) throw new RangeError('maxWorkers must be ≥ 1');
  }

  convert(wav: Uint8Array, format: VoiceFormat, limits?: WavLimits): Promise<EncodedAudio> {
    if (this.closed) return Promise.reject(new Error('AudioConverter is closed'));
    const slot = this.pick();
    const id = this.nextId++;
    return new Promise<EncodedAudio>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, slot });
      slot.busy++;
      slot.worker.ref();
      const req: ConvertRequest = { id, wav, format, ...(limits ? { limits } : {}) };
      slot.worker.postMessage(req);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots.length = 0;
    for (const p of this.pending.values())
      p.reject(new Error('AudioConverter closed before the job finished'));
    this.pending.clear();
  }

  private pick(): Slot {
    const idle = this.slots.find((s) => s.busy === 0);
    if (idle) return idle;
    if (this.slots.length < this.maxWorkers) return this.start();
    return this.slots.reduce((a, b) => (b.busy < a.busy ? b : a));
  }

  private start(): Slot {
    const slot: Slot = { worker: spawn(), busy: 0 };
    slot.worker.on('message', (reply: ConvertReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      slot.busy--;
      // An idle worker must not keep the process alive.
      if (slot.busy === 0) slot.worker.unref();
      if (reply.ok) p.resolve(reply.result);
      else if (reply.code) p.reject(new AudioError(reply.code, reply.message));
      else p.reject(new Error(`audio conversion failed: ${reply.message}`));
    });
    slot.worker.on('error', (err) => this.fail(slot, err));
    slot.worker.on('exit', (code) => {
      if (!this.closed) this.fail(slot, new Error(`audio worker exited with code ${code}`));
    });
    this.slots.push(slot);
    return slot;
  }

  /** A crashed worker fails its own jobs; the next job starts a fresh worker. */
  private fail(slot: Slot, err: Error): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    for (const [id, p] of this.pending) {
      if (p.slot !== slot) continue;
      this.pending.delete(id);
      p.reject(err);
    }
  }
}
