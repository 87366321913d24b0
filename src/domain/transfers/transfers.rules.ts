/** Pure rules of ticket transfers: when they close and how an address is shown without being stored. */

/** Transfers close `cutoffMinutes` before the event starts (the organizer's setting). */
export function transfersCloseAt(startsAt: Date, cutoffMinutes: number): Date {
  return new Date(startsAt.getTime() - cutoffMinutes * 60_000);
}

/** `ada@example.org` → `a•••@example.org`: enough for the sender to tell offers apart, not the address. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '•••';
  return `${email[0]}•••${email.slice(at)}`;
}
