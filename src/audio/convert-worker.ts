/** Worker-thread side of convert-pool.ts: runs convertWav off the server's event loop. */
import { parentPort } from 'node:worker_threads';
import { convertWav } from './convert.ts';
import { AudioError } from './errors.ts';
import type { ConvertReply, ConvertRequest } from './convert-pool.ts';

const port = parentPort;
if (!port) throw new Error('convert-worker.ts must run in a worker thread');

port.on('message', (req: ConvertRequest) => {
  let reply: ConvertReply;
  try {
    const result = convertWav(req.wav, req.format, req.limits);
    reply = { id: req.id, ok: true, result };
    port.postMessage(reply, [result.bytes.buffer as ArrayBuffer]);
    return;
  } catch (e) {
    reply =
      e instanceof AudioError
        ? { id: req.id, ok: false, code: e.code, message: e.message }
        : { id: req.id, ok: false, message: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
});
