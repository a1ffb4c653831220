/**
 * The audit trail of live trading: one structured log line per order sent to the exchange and one
 * per outcome, all with `audit: 'live-order'` so they can be filtered out of the stream. The lines
 * carry the order's parameters, the API key's id and the exchange account's id, never a key, secret
 * or signature.
 */
import type { Logger } from '../observability/logger.js';

export type AuditOutcome =
  /** Sent (or re-sent, with the same id) to the exchange; the outcome follows in another line. */
  | 'sending'
  /** The exchange answered with the order. */
  | 'placed'
  /** Found on the exchange by its client order id after an unknown outcome. */
  | 'reconciled'
  /** The exchange refused it. */
  | 'rejected'
  /** Certainly not executed (refused before it reached the matching engine); the id may be used again. */
  | 'not-sent'
  /** No answer: the exchange may or may not have it; reconciliation follows. */
  | 'unknown'
  /** Still unknown when this request had to answer: UPSTREAM_UNAVAILABLE, the record says so. */
  | 'unresolved'
  /** A repeated client order id, answered from the record; nothing sent. */
  | 'replayed';

export interface AuditEntry {
  apiKeyId: string;
  /** The exchange account the order went to (credentials/stored-credentials.ts exchangeAccountId). */
  accountId?: string;
  params: Record<string, string>;
  outcome: AuditOutcome;
  /** Sends of this order so far. */
  attempt?: number;
  exchangeOrderId?: string | null;
  status?: string;
  exchangeCode?: number;
  exchangeMessage?: string;
}

export function auditLiveOrder(logger: Logger, entry: AuditEntry): void {
  const { params, ...rest } = entry;
  logger.info(
    {
      audit: 'live-order',
      event: entry.outcome === 'sending' ? 'attempt' : 'outcome',
      clientOrderId: params.newClientOrderId,
      symbol: params.symbol,
      side: params.side,
      type: params.type,
      quantity: params.quantity,
      quoteQuantity: params.quoteOrderQty,
      price: params.price,
      timeInForce: params.timeInForce,
      ...rest,
      exchangeOrderId: entry.exchangeOrderId ?? null,
    },
    `live order ${entry.outcome}`,
  );
}
