/** A seat-map watcher: follows one section's available count over Server-Sent Events. */
export interface SeatMapWatcher {
  label: string;
  /** Latest `available` of the section (from the snapshot, then every delta). */
  available(): number | null;
  /** Snapshots and deltas received. */
  updates(): number;
  close(): void;
}

interface Frame {
  event: string;
  data: string;
}

function parseFrame(block: string): Frame | null {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
  }
  return data.length ? { event, data: data.join('\n') } : null;
}

/** Connects and resolves once the first snapshot arrived. */
export async function watchSeatMap(label: string, url: string, sectionId: string): Promise<SeatMapWatcher> {
  const abort = new AbortController();
  let available: number | null = null;
  let updates = 0;
  const res = await fetch(url, { signal: abort.signal, headers: { accept: 'text/event-stream' } });
  if (res.status !== 200 || !res.body) throw new Error(`${label}: stream answered ${res.status}`);
  let firstSnapshot: () => void = () => {};
  const snapshot = new Promise<void>((resolve) => (firstSnapshot = resolve));
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = parseFrame(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (!frame || (frame.event !== 'snapshot' && frame.event !== 'delta')) continue;
          const body = JSON.parse(frame.data) as { sections: Record<string, { available: number }> };
          const section = body.sections[sectionId];
          if (section) available = section.available;
          updates++;
          if (frame.event === 'snapshot') firstSnapshot();
        }
      }
    } catch {
      // Aborted by close().
    }
  })();
  await snapshot;
  return { label, available: () => available, updates: () => updates, close: () => abort.abort() };
}
