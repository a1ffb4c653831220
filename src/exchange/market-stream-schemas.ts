/**
 * zod models of what the exchange's combined market-stream connection sends: data frames wrapped as
 * `{stream, data}`, kline payloads, the serverShutdown notice, and replies to control messages
 * (`{result, id}` or `{code, msg}`). A frame that matches none is logged and dropped.
 */
import { z } from 'zod';

const decimalString = z.string().regex(/^-?\d+(\.\d+)?$/);

/** The `k` object of a kline event. */
export const klinePayloadSchema = z.looseObject({
  t: z.number(),
  T: z.number(),
  s: z.string(),
  i: z.string(),
  o: decimalString,
  c: decimalString,
  h: decimalString,
  l: decimalString,
  v: decimalString,
  n: z.number(),
  x: z.boolean(),
  q: decimalString,
});

export const klineEventSchema = z.looseObject({
  e: z.literal('kline'),
  E: z.number(),
  s: z.string(),
  k: klinePayloadSchema,
});
export type KlineEventPayload = z.infer<typeof klineEventSchema>;

export const serverShutdownSchema = z.looseObject({ e: z.literal('serverShutdown'), E: z.number().optional() });

/** A data frame of a combined-stream connection. */
export const combinedFrameSchema = z.looseObject({ stream: z.string(), data: z.unknown() });

/** The answer to SUBSCRIBE / UNSUBSCRIBE: `{"result":null,"id":1}`, or an error `{"code":2,"msg":…}`. */
export const controlReplySchema = z.union([
  z.looseObject({ id: z.union([z.number(), z.string(), z.null()]), result: z.unknown() }),
  z.looseObject({ code: z.number(), msg: z.string(), id: z.union([z.number(), z.string(), z.null()]).optional() }),
]);
