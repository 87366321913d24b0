/** A minimal Server-Sent Events reader over fetch, for tests. */
export interface SseMessage {
  event?: string;
  data: string;
  id?: string;
  comment?: string;
}

export interface SseStream {
  status: number;
  contentType: string | null;
  messages: SseMessage[];
  close(): void;
  /** Resolves listeners when a message arrives. */
  onMessage(fn: () => void): () => void;
}

export async function openStream(url: string): Promise<SseStream> {
  const ctl = new AbortController();
  const res = await fetch(url, { signal: ctl.signal, headers: { accept: 'text/event-stream' } });
  const messages: SseMessage[] = [];
  const listeners = new Set<() => void>();
  const stream: SseStream = {
    status: res.status,
    contentType: res.headers.get('content-type'),
    messages,
    close: () => ctl.abort(),
    onMessage(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
  if (!res.body) return stream;
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const message: SseMessage = { data: '' };
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) message.comment = line.slice(1).trim();
            else if (line.startsWith('event: ')) message.event = line.slice(7);
            else if (line.startsWith('id: ')) message.id = line.slice(4);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          message.data = data.join('\n');
          messages.push(message);
          for (const fn of listeners) fn();
        }
      }
    } catch {
      // Aborted by close().
    }
  })();
  return stream;
}

/** The first message (already received or still to come) matching `test`, consumed so the next wait sees later ones. */
export function waitFor(stream: SseStream, test: (m: SseMessage) => boolean, timeoutMs = 10_000): Promise<SseMessage> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const index = stream.messages.findIndex(test);
      if (index < 0) return false;
      const [found] = stream.messages.splice(0, index + 1).slice(-1);
      resolve(found!);
      return true;
    };
    if (check()) return;
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no matching SSE message within ${timeoutMs} ms; got ${JSON.stringify(stream.messages.slice(-5))}`));
    }, timeoutMs);
    const stop = stream.onMessage(() => {
      if (check()) {
        clearTimeout(timer);
        stop();
      }
    });
  });
}
