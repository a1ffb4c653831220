/**
 * zod models of what the exchange's combined market-stream connection sends: data frames wrapped as
 * `{stream, data}`, the serverShutdown notice, and replies to control messages (`{result, id}` or
 * `{code, msg}`). A frame that matches none is logged and dropped. Payloads are parsed by the
 * consumer of each stream (e.g. streaming/kline-events.ts).
 */
import { z } from 'zod';

export const serverShutdownSchema = z.looseObject({ e: z.literal('serverShutdown'), E: z.number().optional() });

/** A data frame of a combined-stream connection. */
export const combinedFrameSchema = z.looseObject({ stream: z.string(), data: z.unknown() });

/** The answer to SUBSCRIBE / UNSUBSCRIBE: `{"result":null,"id":1}`, or an error `{"code":2,"msg":…}`. */
export const controlReplySchema = z.union([
  z.looseObject({ id: z.union([z.number(), z.string(), z.null()]), result: z.unknown() }),
  z.looseObject({ code: z.number(), msg: z.string(), id: z.union([z.number(), z.string(), z.null()]).optional() }),
]);
