import type { UseMutationResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ApiError } from '../../api/client.js';
import type { AdminEvent } from '../../api/types.js';
import { ConfirmDialog } from '../../components/feedback.js';

interface ConfirmEventChangeProps<V> {
  open: boolean;
  onClose(): void;
  title: string;
  confirmLabel: string;
  mutation: UseMutationResult<unknown, Error, V>;
  variables: V;
  /** What the page does once the change is made (a notice, a new page). */
  onDone(): void;
  onError?(error: Error): void;
  children: ReactNode;
}

/**
 * A change to an event that cannot be undone, asked twice: the dialog says
 * what will happen, confirming runs the mutation, and the dialog closes
 * whichever way it ends (a failure is the caller's to show).
 */
export function ConfirmEventChange<V>(props: ConfirmEventChangeProps<V>) {
  const { mutation } = props;
  return (
    <ConfirmDialog
      open={props.open}
      title={props.title}
      confirmLabel={props.confirmLabel}
      busy={mutation.isPending}
      onConfirm={() =>
        mutation.mutate(props.variables, {
          onSuccess: props.onDone,
          onSettled: props.onClose,
          ...(props.onError ? { onError: props.onError } : {}),
        })
      }
      onCancel={props.onClose}
    >
      {props.children}
    </ConfirmDialog>
  );
}

/** What a failed change says: the API's message, written for people, or a generic retry. */
export const failureText = (e: Error): string => (e instanceof ApiError ? e.message : 'That did not work, please try again.');

export const removedDraftNotice = (event: Pick<AdminEvent, 'title'>): string => `The draft “${event.title}” is removed.`;

/** Only a draft is removed (issue 13); the dashboard and the event editor ask the same question. */
export function RemoveDraftDialog(
  props: Omit<ConfirmEventChangeProps<string>, 'title' | 'confirmLabel' | 'variables' | 'children'> & { event: AdminEvent | null },
) {
  const { event, ...rest } = props;
  return (
    <ConfirmEventChange
      {...rest}
      open={props.open && event !== null}
      title="Remove this draft?"
      confirmLabel="Remove draft"
      variables={event?.id ?? ''}
    >
      <p>It was never announced, so nobody has tickets. It moves to “Removed” in your list of events.</p>
      <p>A published event is cancelled from its page instead: its holders are refunded and told why.</p>
    </ConfirmEventChange>
  );
}
