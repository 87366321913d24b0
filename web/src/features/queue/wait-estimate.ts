/**
 * The fan's estimated wait in words: the people to serve up to and including
 * them, at the pace the line moved over the last minute. No pace yet (the
 * line has not moved): no number rather than a made-up one.
 */
export function waitText(toServe: number, admittedPerMinute: number): string {
  if (toServe <= 0) return 'It is your turn.';
  if (admittedPerMinute <= 0) return 'We will estimate your wait as soon as the line starts moving.';
  const minutes = toServe / admittedPerMinute;
  if (minutes < 1) return 'Estimated wait: less than a minute.';
  if (minutes < 90) return `Estimated wait: about ${Math.round(minutes)} minute${Math.round(minutes) === 1 ? '' : 's'}.`;
  return `Estimated wait: about ${Math.round(minutes / 60)} hours.`;
}
