import { EventEmitter } from 'node:events';
import type { PubSub } from './pubsub.js';

/** One process is the whole world: an EventEmitter, delivered on the next tick like a broker would. */
export function createMemoryPubSub(): PubSub {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    kind: 'memory',
    async publish(channel, message) {
      // Asynchronous like Redis: a publisher never runs subscribers inside its own call stack.
      setImmediate(() => emitter.emit(channel, message));
    },
    async subscribe(channel, handler) {
      const listener = (message: string): void => {
        try {
          handler(message);
        } catch {
          // A faulty subscriber must not stop delivery to the others.
        }
      };
      emitter.on(channel, listener);
      return async () => {
        emitter.off(channel, listener);
      };
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}
