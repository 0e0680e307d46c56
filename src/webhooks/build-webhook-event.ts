import type { Change } from '../bss/store/index.js';

/** What a receiver gets: `type` such as `accounts.updated`; `id` is the same on every retry of one change. */
export interface WebhookEvent {
  id: string;
  type: string;
  createdAt: string;
  data: Change;
}

export function buildWebhookEvent(change: Change): WebhookEvent {
  return {
    id: `chg_${change.cursor}`,
    type: `${change.entity}.${change.action}`,
    createdAt: change.at,
    data: change,
  };
}
