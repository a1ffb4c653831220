/**
 * The gateway's durable record of every live client order id, at
 * `live-order:<accountId>:<clientOrderId>` in the store (shared by instances, surviving restarts),
 * per exchange account since client order ids are the exchange's per account. Binance keeps a client
 * order id unique only among OPEN orders, so this record, not the exchange, is what makes a repeated
 * id safe: it is claimed BEFORE anything is sent, and a repeated id is answered from it.
 *
 * States: `pending` (a request holds it until `leaseUntil`: it is sending or reconciling), `unknown`
 * (the last holder could not learn the outcome: the next request with this id reconciles), `placed`
 * (the exchange's order is in `order`), `rejected` (the exchange refused the order's content).
 *
 * The record belongs to the API key that first used the id: another key using it is refused, so it
 * can neither read someone else's order nor have the gateway reconcile onto it.
 *
 * Once placed, `order` is kept current (user data, lookups, cancels: live-order-sync.ts), and
 * `announced` says which of its changes the key's orderUpdates subscribers were told of, so that a
 * change is told once however many ways it is learnt of.
 */
import { z } from 'zod';
import { BadUserInputError } from '../schema/errors.js';
import type { TransactResult } from '../store/store.js';
import { orderSchema } from './order-schema.js';

const recordSchema = z.object({
  v: z.literal(1),
  ownerId: z.string(),
  state: z.enum(['pending', 'unknown', 'placed', 'rejected']),
  /** The exchange parameters of the order (symbol, side, type, quantity, ..., newClientOrderId); no secrets. */
  params: z.record(z.string(), z.string()),
  /** pending: local epoch ms after which another request may take over (its holder is presumed gone). */
  leaseUntil: z.number().optional(),
  /** Exchange-clock ms before which "order does not exist" proves nothing (the order may still arrive). */
  resendNotBefore: z.number().optional(),
  /** How many times the order was sent. */
  sends: z.number(),
  order: orderSchema.optional(),
  rejection: z.object({ code: z.number(), message: z.string() }).optional(),
  announced: z
    .object({
      new: z.boolean(),
      triggered: z.boolean(),
      /** Trade ids of the fills told. */
      trades: z.array(z.string()),
      /** The order's end (FILLED by its last TRADE, or CANCELED, EXPIRED, REJECTED) was told. */
      final: z.boolean(),
    })
    .optional(),
});
export type LiveOrderRecord = z.infer<typeof recordSchema>;

export const liveOrderKey = (accountId: string, clientOrderId: string): string => `live-order:${accountId}:${clientOrderId}`;

export function readRecord(raw: string): LiveOrderRecord {
  return recordSchema.parse(JSON.parse(raw));
}

/** What a request may do with a client order id, decided atomically by {@link claimRecord}. */
export type Claim =
  /** The id is new; the record now holds it for us: validate nothing more, send. */
  | { kind: 'send'; record: LiveOrderRecord }
  /** We took over an `unknown` (or abandoned `pending`) record: ask the exchange before anything else. */
  | { kind: 'reconcile'; record: LiveOrderRecord }
  /** Settled: answer from the record. */
  | { kind: 'settled'; record: LiveOrderRecord }
  /** Another request holds it now. */
  | { kind: 'busy' }
  /** The id was seen as taken before, and is free now (its attempt was not sent): validate again. */
  | { kind: 'revalidate' };

export interface ClaimInput {
  /** The record's key (liveOrderKey of the id). */
  key: string;
  ownerId: string;
  /** The parameters to record for a new id; undefined when the caller expected the id to be taken. */
  params: Record<string, string> | undefined;
  now: number;
  leaseMs: number;
}

/** The transact step that claims `raw` (the record's current value) for one request. */
export function claimRecord(raw: string | null, input: ClaimInput): TransactResult<Claim> {
  const { key } = input;
  if (raw === null) {
    if (input.params === undefined) return { writes: {}, result: { kind: 'revalidate' } };
    const record: LiveOrderRecord = {
      v: 1,
      ownerId: input.ownerId,
      state: 'pending',
      params: input.params,
      leaseUntil: input.now + input.leaseMs,
      sends: 0,
    };
    return { writes: { [key]: JSON.stringify(record) }, result: { kind: 'send', record } };
  }
  const current = readRecord(raw);
  if (current.ownerId !== input.ownerId) {
    throw new BadUserInputError('This clientOrderId is already used by another API key; choose another.');
  }
  if (current.state === 'placed' || current.state === 'rejected') return { writes: {}, result: { kind: 'settled', record: current } };
  if (current.state === 'pending' && (current.leaseUntil ?? 0) > input.now) return { writes: {}, result: { kind: 'busy' } };
  const record: LiveOrderRecord = { ...current, state: 'pending', leaseUntil: input.now + input.leaseMs };
  return {
    writes: { [key]: JSON.stringify(record) },
    result: { kind: 'reconcile', record },
  };
}
