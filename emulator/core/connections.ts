import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Tracks what is in flight so nothing outlives the emulator: open sockets (keep-alive ones
 * included), requests parked by a `hang` fault, and latency timers. `shutdown()` releases all of
 * them, so tests that close the emulator never leak handles.
 */
export class InFlight {
  private readonly sockets = new Set<Socket>();
  private readonly hung = new Set<ServerResponse>();
  private readonly timers = new Map<NodeJS.Timeout, () => void>();
  private closed = false;

  /** Remembers a connection until it closes. */
  track(socket: Socket): void {
    if (this.closed) {
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }

  /** Parks a response without answering it (the `hang` fault). */
  hang(res: ServerResponse): void {
    this.hung.add(res);
    res.once('close', () => this.hung.delete(res));
  }

  /** Drops the connection of every parked response; their clients see a reset. */
  releaseHung(): void {
    for (const res of this.hung) res.socket?.destroy();
    this.hung.clear();
  }

  /**
   * Waits `ms` before a request is handled. Resolves false (do not answer) if the client goes away
   * or the emulator shuts down first.
   */
  delay(ms: number, res: ServerResponse): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const finish = (proceed: boolean) => {
        clearTimeout(timer);
        this.timers.delete(timer);
        res.off('close', onClose);
        resolve(proceed);
      };
      const onClose = () => finish(false);
      const timer = setTimeout(() => finish(!res.destroyed), ms);
      this.timers.set(timer, () => finish(false));
      res.once('close', onClose);
    });
  }

  /** Ends everything: pending delays resolve false, parked and open connections are destroyed. */
  shutdown(): void {
    this.closed = true;
    for (const cancel of [...this.timers.values()]) cancel();
    this.releaseHung();
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }
}
