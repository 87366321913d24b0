/**
 * Fire-and-forget messages between API instances (in-process: within one).
 * Delivery is at most once: a subscriber that is away (Redis reconnecting)
 * misses messages, so a message may only ever be a hint to re-read the
 * source of truth, never the data itself.
 */
export type MessageHandler = (message: string) => void;
export type Unsubscribe = () => Promise<void>;

export interface PubSub {
  readonly kind: 'memory' | 'redis';
  /** Rejects when the broker is unreachable; callers treat that as a lost message. */
  publish(channel: string, message: string): Promise<void>;
  /** Resolves once messages published from now on reach `handler`. */
  subscribe(channel: string, handler: MessageHandler): Promise<Unsubscribe>;
  close(): Promise<void>;
}
