// Ends a connection with a TCP RST, over plain HTTP and over TLS alike.
import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';

/**
 * `resetAndDestroy()` works only on a socket whose handle is TCP; a TLSSocket's handle is the TLS layer and
 * Node throws ERR_INVALID_HANDLE_TYPE (uncaught, from a write callback, so the whole simulator died). The TLS
 * server wraps the accepted TCP socket, kept as `_parent` (not in Node's typings), so the reset goes there.
 */
export function resetConnection(socket: Socket): void {
  if (socket instanceof TLSSocket) {
    const parent: unknown = (socket as unknown as { _parent?: unknown })._parent;
    if (parent && typeof (parent as Partial<Socket>).resetAndDestroy === 'function') {
      (parent as Socket).resetAndDestroy();
      socket.destroy();
      return;
    }
    socket.destroy();
    return;
  }
  socket.resetAndDestroy();
}
