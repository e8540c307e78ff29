import type { WebOrderStatus } from '../seed/model';

/** Magento keeps a state (the workflow stage) beside the status (its label); each seeded status has its state. */
const STATE_OF_STATUS: Record<WebOrderStatus, string> = {
  pending: 'new',
  processing: 'processing',
  complete: 'complete',
  canceled: 'canceled',
  closed: 'closed',
};

export function orderState(status: WebOrderStatus): string {
  return STATE_OF_STATUS[status];
}

/** Statuses an order comment may set (Magento's default status list). */
export const KNOWN_STATUSES = ['pending', 'processing', 'complete', 'canceled', 'closed', 'holded', 'fraud', 'payment_review'];

/** Magento numbers orders and credit memos with nine-digit increment ids: "000000042". */
export function incrementIdFor(sequence: number): string {
  return String(sequence).padStart(9, '0');
}
