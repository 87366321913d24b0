import type { EventDetail } from '../../api/types.js';

/** On sale or about to be: the only events with a waiting-room status. */
export const isSelling = (event: Pick<EventDetail, 'saleStatus'>): boolean =>
  event.saleStatus === 'on_sale' || event.saleStatus === 'scheduled';
