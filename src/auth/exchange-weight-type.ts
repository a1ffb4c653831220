/**
 * ExchangeWeight: the exchange request weight this gateway's IP has used in the current minute, so
 * that bots can pace themselves before the gateway has to hold their requests back.
 */
import type { WeightStatus } from '../exchange/weight-ledger.js';
import { builder } from '../schema/builder.js';

export const ExchangeWeightRef = builder.objectRef<WeightStatus>('ExchangeWeight').implement({
  description:
    'The exchange counts request weight per IP, so this budget is shared by every client of the gateway. ' +
    'The gateway keeps some head-room below the limit and holds requests back once it is used.',
  fields: (t) => ({
    used: t.exposeInt('used', { description: "Weight used in the exchange's current one-minute window." }),
    limit: t.exposeInt('limit', { nullable: true, description: "The exchange's weight limit per minute; null until known." }),
    remaining: t.int({
      nullable: true,
      description: 'Weight left before the gateway starts holding requests back; null until the limit is known.',
      resolve: (weight) => (weight.allowance === null ? null : Math.max(0, weight.allowance - weight.used)),
    }),
    backoffUntil: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'Until when the exchange told the gateway to stop sending (HTTP 429/418); null when it did not.',
      resolve: (weight) => weight.backoffUntil,
    }),
  }),
});
