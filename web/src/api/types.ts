/**
 * The API's shapes, taken from the very TypeBox schemas the server validates and
 * serializes with (src/http/routes/<feature>/<feature>.schemas.ts), so the web app
 * cannot drift from the wire: change a schema and `npm run check` fails where the
 * web app disagrees. Type-only: none of the server's code reaches the bundle
 * (eslint forbids value imports from src/http in web/).
 */
import type * as accounts from '../../../src/http/routes/accounts/accounts.schemas.js';
import type * as privacy from '../../../src/http/routes/accounts/privacy.schemas.js';
import type * as totp from '../../../src/http/routes/accounts/totp.schemas.js';
import type * as admin from '../../../src/http/routes/admin/admin.schemas.js';
import type * as accessCodes from '../../../src/http/routes/admin/access-codes.schemas.js';
import type * as audit from '../../../src/http/routes/admin/audit.schemas.js';
import type * as booking from '../../../src/http/routes/booking/booking.schemas.js';
import type * as door from '../../../src/http/routes/admin/door.schemas.js';
import type * as queue from '../../../src/http/routes/queue/queue.schemas.js';
import type * as pricing from '../../../src/http/routes/pricing/pricing.schemas.js';
import type * as catalogue from '../../../src/http/routes/catalogue/catalogue.schemas.js';
import type { AvailabilityUpdate } from '../../../src/http/routes/live/availability-feed.js';
import type * as search from '../../../src/http/routes/search/search.schemas.js';
import type * as checkin from '../../../src/http/routes/checkin/checkin.schemas.js';
import type * as transfers from '../../../src/http/routes/transfers/transfers.schemas.js';
import type * as waitingList from '../../../src/http/routes/waiting-list/waiting-list.schemas.js';
import type * as webhooks from '../../../src/http/routes/webhooks/webhooks.schemas.js';
import type * as common from '../../../src/http/schemas/common.js';

// The category list is a runtime value the filters and the editor render.
export { categories } from '../../../src/domain/catalogue/catalogue.types.js';
export type { Category } from '../../../src/domain/catalogue/catalogue.types.js';

export type Money = common.Money;
/** The closed set of error codes as the error reply schema declares it. */
export type ErrorCode = common.ErrorResponse['error']['code'];

export type User = accounts.User;
export type Role = User['roles'][number];
export type SessionReply = accounts.SessionResponse;
export type MeReply = accounts.MeResponse;
export type LoginBody = accounts.LoginBody;
export type RegisterBody = accounts.RegisterBody;
export type LogoutReply = accounts.LogoutResponse;
export type SessionsReply = accounts.SessionsResponse;
export type RenameBody = accounts.RenameBody;
export type ChangeEmailBody = accounts.ChangeEmailBody;
export type ChangePasswordBody = accounts.ChangePasswordBody;
export type TotpStatus = totp.TotpStatusReply;
export type TotpEnrolment = totp.TotpEnrolmentReply;
export type TotpConfirmReply = totp.TotpConfirmReply;
export type TotpDisableBody = totp.TotpDisableBody;
export type TotpLoginBody = totp.TotpLoginBody;

/** GET /me/erasure-preview: what erasing the account would void and refund. */
export type ErasurePreview = privacy.ErasurePreviewResponse;

export type SearchQuery = search.SearchQuery;
export type SearchReply = search.SearchReply;
export type EventSummary = SearchReply['items'][number];

export type EventDetail = catalogue.Event;
export type PriceTier = EventDetail['priceTiers'][number];
export type SeatLayout = catalogue.SeatLayout;
export type SeatLayoutSection = SeatLayout['sections'][number];
export type Availability = catalogue.Availability;
/** An `event: delta` message of the availability stream (SSE is outside the OpenAPI document). */
export type AvailabilityDelta = Omit<Extract<AvailabilityUpdate, { kind: 'delta' }>, 'kind'>;
export type VenueReply = catalogue.VenueReply;

export type HoldBody = booking.HoldBody;
export type HoldReply = booking.HoldResponse;
export type CheckoutBody = booking.CheckoutBody;
export type OrderReply = booking.OrderResponse;
export type HostedPaymentReply = booking.HostedPaymentResponse;
export type PaymentConfig = booking.PaymentConfigResponse;
export type Order = booking.Order;
export type MyHold = booking.MyHold;
export type MyHoldsReply = booking.MyHoldsResponse;

export type QueueStatus = queue.QueueStatusReply;
export type QueueJoinReply = queue.JoinReply;
export type QueueOverviewReply = queue.QueueOverviewReply;
export type QueueOverview = QueueOverviewReply['queue'];
export type QueuePolicyBody = queue.QueuePolicyBody;
export type QueuePolicyReply = queue.QueuePolicyReply;
export type OrderList = booking.OrderListResponse;

export type AdminEvent = admin.AdminEvent;
export type AccessCode = accessCodes.AccessCode;
export type AccessCodePage = accessCodes.AccessCodePage;
export type AccessCodeBody = accessCodes.AccessCodeBody;
export type AccessCodeCheck = accessCodes.AccessCodeCheckReply;
export type PresaleBody = accessCodes.PresaleBody;
export type AdminEventReply = admin.AdminEventReply;
export type AdminEventDetailReply = admin.AdminEventDetailReply;
export type SalesSummary = AdminEventDetailReply['event']['sales'];
export type AdminEventList = admin.AdminEventListReply;
export type ManagedEventFilters = Pick<admin.ManagedEventsQuery, 'q' | 'status'>;
export type EventStatusName = NonNullable<admin.ManagedEventsQuery['status']>;
export type CreateEventBody = admin.CreateEventBody;
export type PatchEventBody = admin.PatchEventBody;
export type CreateVenueBody = admin.CreateVenueBody;
export type SectionInput = CreateVenueBody['sections'][number];
export type VenueList = admin.VenueListReply;

export type PricingPolicyBody = pricing.PricingPolicyBody;
export type PricingPolicyReply = pricing.PricingPolicyReply;
export type PricingOverview = pricing.PricingOverviewReply['pricing'];
export type PricingOverviewReply = pricing.PricingOverviewReply;
export type PriceHistoryReply = pricing.PriceHistoryReply;
export type PriceQuoteReply = pricing.PriceQuoteReply;
export type ManualPriceBody = pricing.ManualPriceBody;
export type TicketCodeReply = checkin.TicketCodeReply;
export type ScanBody = checkin.ScanBody;
export type ScanReply = checkin.ScanReply;
export type ScanResult = ScanReply['result'];
export type DoorEventsReply = checkin.DoorEventsReply;
export type CheckinBundle = checkin.BundleReply;
export type SyncBody = checkin.SyncBody;
export type SyncReply = checkin.SyncReply;
export type CheckinStats = checkin.StatsReply;
export type ScannersReply = checkin.ScannersReply;
export type DoorTicket = checkin.DoorTicketReply['ticket'];
export type AttendeeList = door.AttendeeListReply;
export type EventOrderList = door.EventOrderListReply;
export type DoorListQuery = door.DoorListQuery;
export type PatchVenueBody = admin.PatchVenueBody;
export type RescheduleBody = admin.RescheduleBody;
export type CancelEventBody = admin.CancelEventBody;
export type DuplicateEventBody = admin.DuplicateEventBody;

export type AuditQuery = audit.AuditQuery;
export type AuditPage = audit.AuditResponse;
export type AuditEntry = AuditPage['items'][number];
export type TransferReply = transfers.TransferReply;
export type Transfer = TransferReply['transfer'];
export type MyTransfersReply = transfers.MyTransfersReply;
export type TransferTicket = MyTransfersReply['received'][number];
export type WebhookSubscription = webhooks.WebhookSubscription;
export type WebhookListReply = webhooks.WebhookListReply;
export type CreateWebhookBody = webhooks.CreateWebhookBody;
export type CreatedWebhookReply = webhooks.CreatedWebhookReply;
export type WebhookDelivery = webhooks.WebhookDelivery;
export type WebhookDeliveryReply = webhooks.WebhookDeliveryReply;
export type WebhookDeliveriesReply = webhooks.WebhookDeliveriesReply;
export { webhookEventTypes } from '../../../src/domain/webhooks/webhook.types.js';
export type WaitingListEntry = waitingList.WaitingListEntry;
export type MyWaitingListReply = waitingList.MyWaitingListReply;
export type ManagedWaitingList = waitingList.ManagedListReply;
export type ManagedWaitingEntry = waitingList.ManagedEntry;
