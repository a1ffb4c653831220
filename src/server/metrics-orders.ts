/**
 * Counts paper and live orders by outcome (gateway_orders_total): the order's status when the
 * trade resolved (FILLED, NEW, …), or the contract code it failed with (INSUFFICIENT_BALANCE,
 * ORDER_REJECTED, UPSTREAM_UNAVAILABLE, …). The trading resolvers wrap their result in this.
 */
import { toContractError } from '../schema/contract-errors.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import { outcomeLabel } from '../observability/bounded-label.js';

export type OrderMode = 'paper' | 'live';

const statuses = new Set(['NEW', 'PARTIALLY_FILLED', 'FILLED', 'CANCELED', 'REJECTED', 'EXPIRED']);

/** Resolves (or rejects) as `order` does, counting its outcome on the way. */
export async function countOrder<T extends { status: string }>(
  metrics: GatewayMetrics,
  mode: OrderMode,
  order: Promise<T>,
): Promise<T> {
  try {
    const placed = await order;
    metrics.orders.inc({ mode, outcome: statuses.has(placed.status) ? placed.status : 'other' });
    return placed;
  } catch (error) {
    // The code the client will see: internal errors are mapped (or masked) the way mask-error.ts does.
    metrics.orders.inc({ mode, outcome: outcomeLabel(toContractError(error)?.code ?? 'INTERNAL_SERVER_ERROR') });
    throw error;
  }
}
