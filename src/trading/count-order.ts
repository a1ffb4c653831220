/**
 * Counts paper and live orders by outcome (gateway_orders_total): the order's status when the
 * trade resolved (FILLED, NEW, …), or the contract code it failed with (INSUFFICIENT_BALANCE,
 * ORDER_REJECTED, UPSTREAM_UNAVAILABLE, …). The trading resolvers wrap their result in this.
 */
import type { GatewayMetrics } from '../observability/metrics.js';
import { toContractError } from '../schema/contract-errors.js';
import { orderStatuses } from './order.js';

export type OrderMode = 'paper' | 'live';

const statuses: ReadonlySet<string> = new Set(orderStatuses);

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
    // The code the client will see: internal errors are mapped (or masked) as the edge maps them.
    metrics.recordOrder(mode, toContractError(error)?.code ?? 'INTERNAL_SERVER_ERROR');
    throw error;
  }
}
