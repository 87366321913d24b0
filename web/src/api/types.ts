/**
 * The API's shapes, taken from the very TypeBox schemas the server validates and
 * serializes with (src/http/routes/<feature>/<feature>.schemas.ts), so the web app
 * cannot drift from the wire: change a schema and `npm run check` fails where the
 * web app disagrees. Type-only: none of the server's code reaches the bundle
 * (eslint forbids value imports from src/http in web/).
 */
import type { Static } from 'typebox';
import type * as accounts from '../../../src/http/routes/accounts/accounts.schemas.js';
import type * as admin from '../../../src/http/routes/admin/admin.schemas.js';
import type * as booking from '../../../src/http/routes/booking/booking.schemas.js';
import type * as catalogue from '../../../src/http/routes/catalogue/catalogue.schemas.js';
import type { AvailabilityUpdate } from '../../../src/http/routes/live/availability-feed.js';
import type * as search from '../../../src/http/routes/search/search.schemas.js';
import type * as common from '../../../src/http/schemas/common.js';

// The category list is a runtime value the filters and the editor render.
export { categories } from '../../../src/domain/catalogue/catalogue.types.js';
export type { Category } from '../../../src/domain/catalogue/catalogue.types.js';

export type Money = Static<typeof common.Money>;
/** The closed set of error codes as the error reply schema declares it. */
export type ErrorCode = Static<typeof common.ErrorResponse>['error']['code'];

export type User = Static<typeof accounts.UserSchema>;
export type Role = User['roles'][number];
export type SessionReply = Static<typeof accounts.SessionResponse>;
export type MeReply = Static<typeof accounts.MeResponse>;
export type LoginBody = Static<typeof accounts.LoginBody>;
export type RegisterBody = Static<typeof accounts.RegisterBody>;

export type SearchQuery = Static<typeof search.SearchQuery>;
export type SearchReply = Static<typeof search.SearchReply>;
export type EventSummary = SearchReply['items'][number];

export type EventDetail = Static<typeof catalogue.EventSchema>;
export type PriceTier = EventDetail['priceTiers'][number];
export type SeatMap = Static<typeof catalogue.SeatMapSchema>;
export type SeatMapSection = SeatMap['sections'][number];
export type SeatMapSeat = SeatMapSection['seats'][number];
export type Availability = Static<typeof catalogue.AvailabilitySchema>;
/** An `event: delta` message of the availability stream (SSE is outside the OpenAPI document). */
export type AvailabilityDelta = Omit<Extract<AvailabilityUpdate, { kind: 'delta' }>, 'kind'>;
export type Venue = Static<typeof catalogue.VenueSchema>;
export type VenueReply = Static<typeof catalogue.VenueReply>;

export type HoldBody = Static<typeof booking.HoldBody>;
export type HoldReply = Static<typeof booking.HoldResponse>;
export type Hold = HoldReply['hold'];
export type CheckoutBody = Static<typeof booking.CheckoutBody>;
export type OrderReply = Static<typeof booking.OrderResponse>;
export type Order = OrderReply['order'];
export type OrderList = Static<typeof booking.OrderListResponse>;

export type AdminEvent = Static<typeof admin.AdminEvent>;
export type AdminEventReply = Static<typeof admin.AdminEventReply>;
export type AdminEventDetailReply = Static<typeof admin.AdminEventDetailReply>;
export type SalesSummary = AdminEventDetailReply['event']['sales'];
export type AdminEventList = Static<typeof admin.AdminEventListReply>;
export type CreateEventBody = Static<typeof admin.CreateEventBody>;
export type PatchEventBody = Static<typeof admin.PatchEventBody>;
export type CreateVenueBody = Static<typeof admin.CreateVenueBody>;
export type SectionInput = CreateVenueBody['sections'][number];
export type VenueList = Static<typeof admin.VenueListReply>;
