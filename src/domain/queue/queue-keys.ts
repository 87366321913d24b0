/** KvStore keys of one event's waiting room: two counters and one entry per account. */
export const queueKeys = {
  preOpen: (eventId: string): string => `queue:${eventId}:pre`,
  afterOpen: (eventId: string): string => `queue:${eventId}:post`,
  account: (eventId: string, userId: string): string => `queue:${eventId}:user:${userId}`,
};
