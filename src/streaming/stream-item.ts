/** The resolve of every live subscription field: a contract error the stream ended with is sent as the GraphQL error of its last event. */
import { GatewayError } from '../schema/errors.js';

export function resolveStreamItem<T>(item: T | GatewayError): T {
  if (item instanceof GatewayError) throw item;
  return item;
}
