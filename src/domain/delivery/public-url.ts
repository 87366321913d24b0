import type { Config } from '../../config.js';

/** The web app's address for links in mails and calendars: PUBLIC_URL, else this server on localhost. */
export const publicUrlOf = (config: Pick<Config, 'publicUrl' | 'port'>): string =>
  config.publicUrl ?? `http://localhost:${config.port || 3000}`;
