/**
 * A JSON request body's GraphQL parameters, when they are well formed as Yoga checks them (GraphQL
 * over HTTP): an object with a string `query`, `variables` and `extensions` objects or absent, a
 * string `operationName` or absent. Anything else is undefined, and the edge leaves the request to
 * Yoga, which answers it with the proper error.
 */

export interface OperationParams {
  query: string;
  variables: Record<string, unknown> | undefined;
  operationName: string | undefined;
}

const isObjectOrAbsent = (value: unknown): boolean => value == null || (typeof value === 'object' && !Array.isArray(value));

export function operationParams(body: string): OperationParams | undefined {
  let params: unknown;
  try {
    params = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return undefined;
  const { query, variables, operationName, extensions } = params as Record<string, unknown>;
  if (typeof query !== 'string' || !isObjectOrAbsent(variables) || !isObjectOrAbsent(extensions)) return undefined;
  if (operationName != null && typeof operationName !== 'string') return undefined;
  return { query, variables: (variables ?? undefined) as OperationParams['variables'], operationName: operationName ?? undefined };
}
