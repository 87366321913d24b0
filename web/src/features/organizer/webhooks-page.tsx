import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useCreateWebhook, useDeleteWebhook, useRedeliverWebhook, useTestWebhook } from '../../api/mutations.js';
import { webhookDeliveriesQuery, webhooksQuery } from '../../api/queries.js';
import { webhookEventTypes, type WebhookDelivery, type WebhookSubscription } from '../../api/types.js';
import { EmptyState, ErrorMessage, Loading, Notice } from '../../components/feedback.js';
import { FieldError, fieldMessages } from '../../components/field-error.js';
import { PageTitle } from '../../components/layout.js';
import { RequireLogin } from '../../components/require-login.js';

const eventLabels: Record<string, string> = {
  'order.confirmed': 'Order confirmed',
  'order.cancelled': 'Order cancelled (refunded)',
  'order.refunded': 'Payment refunded (order not completed)',
  'event.published': 'Event published',
  'event.updated': 'Event changed',
  'event.cancelled': 'Event cancelled',
  'event.removed': 'Event removed',
  ping: 'Test ping',
};

const when = (iso: string | null): string =>
  iso ? new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium' }) : '—';

/** Adds a subscription; the signing secret is shown once, right here. */
function AddWebhook() {
  const create = useCreateWebhook();
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const errors = fieldMessages(create.error);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const eventTypes = form.getAll('eventTypes').map(String) as (typeof webhookEventTypes)[number][];
    const description = String(form.get('description') ?? '');
    create.mutate(
      { url: String(form.get('url') ?? ''), eventTypes, ...(description ? { description } : {}) },
      {
        onSuccess: (reply) => {
          setSecret({ url: reply.subscription.url, secret: reply.secret });
          (e.target as HTMLFormElement).reset();
        },
      },
    );
  };
  return (
    <section aria-labelledby="add-webhook">
      <h2 id="add-webhook">Add an endpoint</h2>
      {secret && (
        <Notice tone="success">
          <p>Endpoint added: {secret.url}. Its signing secret is shown only this once — copy it now:</p>
          <p>
            <code data-testid="webhook-secret">{secret.secret}</code>
          </p>
        </Notice>
      )}
      <form className="card form" onSubmit={submit}>
        <div className="field">
          <label htmlFor="wh-url">Endpoint URL</label>
          <input
            id="wh-url"
            name="url"
            type="url"
            required
            maxLength={2000}
            placeholder="https://example.org/boxoffice-webhooks"
            aria-invalid={errors.has('url') || undefined}
            aria-describedby="wh-url-hint wh-url-error"
          />
          <p className="hint" id="wh-url-hint">
            http or https. Each request is signed: see the Boxoffice-Signature header in the documentation.
          </p>
          <FieldError messages={errors} field="url" id="wh-url-error" />
        </div>
        <fieldset>
          <legend>Events to send</legend>
          {webhookEventTypes.map((t) => (
            <div className="checkbox" key={t}>
              <input id={`wh-type-${t}`} type="checkbox" name="eventTypes" value={t} defaultChecked={t.startsWith('order.')} />
              <label htmlFor={`wh-type-${t}`}>
                {eventLabels[t]} <code className="muted small">{t}</code>
              </label>
            </div>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="wh-description">Description (optional)</label>
          <input id="wh-description" name="description" maxLength={200} />
        </div>
        {create.error && <ErrorMessage error={create.error} />}
        <div className="actions">
          <button className="button primary" type="submit" disabled={create.isPending}>
            {create.isPending ? 'Adding…' : 'Add endpoint'}
          </button>
        </div>
      </form>
    </section>
  );
}

function DeliveryLog({ subscription }: { subscription: WebhookSubscription }) {
  const log = useQuery(webhookDeliveriesQuery(subscription.id));
  const redeliver = useRedeliverWebhook(subscription.id);
  if (log.isPending) return <Loading label="Loading deliveries…" />;
  if (log.error) return <ErrorMessage error={log.error} onRetry={() => void log.refetch()} />;
  const deliveries = log.data.deliveries;
  if (deliveries.length === 0) return <p className="muted">Nothing sent yet. “Send test” sends a signed ping.</p>;
  return (
    <div className="table-wrap">
      {redeliver.error && <ErrorMessage error={redeliver.error} />}
      <table className="table">
        <caption className="visually-hidden">Deliveries to {subscription.url}, latest first</caption>
        <thead>
          <tr>
            <th scope="col">Sent</th>
            <th scope="col">Event</th>
            <th scope="col">Status</th>
            <th scope="col">Response</th>
            <th scope="col">Duration</th>
            <th scope="col">Attempts</th>
            <th scope="col">Next retry</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {deliveries.map((d: WebhookDelivery) => (
            <tr key={d.id}>
              <td>{when(d.createdAt)}</td>
              <th scope="row">{eventLabels[d.eventType] ?? d.eventType}</th>
              <td>
                <span className="badge">{d.status}</span>
                {d.redeliveryOf && <div className="muted small">redelivery</div>}
              </td>
              <td>
                {d.responseStatus ?? '—'}
                {d.error && <div className="muted small">{d.error}</div>}
              </td>
              <td>{d.durationMs === null ? '—' : `${d.durationMs} ms`}</td>
              <td>{d.attempts}</td>
              <td>{d.status === 'pending' ? when(d.nextAttemptAt) : '—'}</td>
              <td>
                <button
                  type="button"
                  className="button secondary small"
                  disabled={redeliver.isPending}
                  onClick={() => redeliver.mutate(d.id)}
                  aria-label={`Redeliver ${eventLabels[d.eventType] ?? d.eventType} sent ${when(d.createdAt)}`}
                >
                  Redeliver
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Subscription({ subscription }: { subscription: WebhookSubscription }) {
  const [open, setOpen] = useState(false);
  const test = useTestWebhook(subscription.id);
  const remove = useDeleteWebhook();
  const headingId = `wh-${subscription.id}`;
  const result = test.data?.delivery;
  return (
    <article className="card" aria-labelledby={headingId}>
      <h3 id={headingId}>{subscription.url}</h3>
      {subscription.description && <p>{subscription.description}</p>}
      <p className="muted small">Sends: {subscription.eventTypes.map((t) => eventLabels[t] ?? t).join(', ')}</p>
      <div className="actions">
        <button type="button" className="button secondary" onClick={() => test.mutate()} disabled={test.isPending}>
          {test.isPending ? 'Sending…' : 'Send test'}
        </button>
        <button type="button" className="button secondary" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Hide deliveries' : 'Show deliveries'}
        </button>
        <button
          type="button"
          className="button secondary"
          disabled={remove.isPending}
          onClick={() => {
            if (!window.confirm(`Remove the endpoint ${subscription.url} and its delivery log?`)) return;
            // Close the log first, so nothing keeps asking for it while it is deleted.
            setOpen(false);
            remove.mutate(subscription.id);
          }}
        >
          Remove
        </button>
      </div>
      {result && (
        <Notice tone={result.status === 'delivered' ? 'success' : 'warning'}>
          Test ping {result.status === 'delivered' ? 'delivered' : 'failed'}: {result.responseStatus ?? result.error ?? 'no answer'}
          {result.status === 'pending' && `; retried ${when(result.nextAttemptAt)}`}
        </Notice>
      )}
      {test.error && <ErrorMessage error={test.error} />}
      {remove.error && <ErrorMessage error={remove.error} />}
      {open && <DeliveryLog subscription={subscription} />}
    </article>
  );
}

function Webhooks() {
  const list = useQuery(webhooksQuery());
  return (
    <>
      <div className="title-row">
        <PageTitle>Webhooks</PageTitle>
        <div className="actions">
          <Link className="button secondary" to="/organizer">
            Dashboard
          </Link>
        </div>
      </div>
      <p>
        Boxoffice POSTs your orders and event changes to your endpoints as signed JSON, retrying with growing waits for about an hour and a
        half when an endpoint fails.
      </p>
      <AddWebhook />
      <section aria-labelledby="webhook-list">
        <h2 id="webhook-list">Endpoints</h2>
        {list.isPending && <Loading />}
        {list.error && <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />}
        {list.data && list.data.subscriptions.length === 0 && (
          <EmptyState title="No endpoints yet">
            <p>Add one above to receive your orders and event changes.</p>
          </EmptyState>
        )}
        {list.data?.subscriptions.map((s) => (
          <Subscription key={s.id} subscription={s} />
        ))}
      </section>
    </>
  );
}

export default function WebhooksPage() {
  return (
    <RequireLogin roles={['organizer', 'admin']}>
      <Webhooks />
    </RequireLogin>
  );
}
