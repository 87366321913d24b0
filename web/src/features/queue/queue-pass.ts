/**
 * The account's waiting-room token for one event, kept in this tab so a
 * reload finds its place at once. It is proof of a place, not something to
 * show: only the hold request carries it (X-Queue-Token). Another tab or
 * device joins again and the server hands back the same place.
 */
export interface QueuePass {
  userId: string;
  token: string;
  /** Null before the sale opens: the early arrivals' order is drawn at the opening. */
  position: number | null;
}

const key = (eventId: string) => `boxoffice.queue.${eventId}`;

export function savePass(eventId: string, pass: QueuePass): void {
  sessionStorage.setItem(key(eventId), JSON.stringify(pass));
}

/** This account's pass for the event (a pass of an account signed out since is ignored). */
export function loadPass(eventId: string, userId: string | undefined): QueuePass | null {
  const raw = sessionStorage.getItem(key(eventId));
  if (!raw || !userId) return null;
  const pass = JSON.parse(raw) as QueuePass;
  return pass.userId === userId ? pass : null;
}

/** Admitted: the line is served up to this pass's position. */
export function isAdmitted(pass: QueuePass | null, servingUpTo: number): boolean {
  return pass?.position != null && pass.position <= servingUpTo;
}
