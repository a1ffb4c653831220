/** A typed execute() over real HTTP, and assertions on GraphQL results. */
import { expect } from 'vitest';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export async function execute<T = Record<string, unknown>>(
  baseUrl: string,
  query: string,
  options: { variables?: Record<string, unknown>; apiKey?: string | null; headers?: Record<string, string> } = {},
): Promise<GraphQLResponse<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json', ...options.headers };
  if (options.apiKey) headers['x-api-key'] = options.apiKey;
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables: options.variables }),
  });
  const body = (await response.json()) as Omit<GraphQLResponse<T>, 'status'>;
  return { status: response.status, ...body };
}

/** Fails with the errors' text when the result has any; returns data. */
export function expectData<T>(result: GraphQLResponse<T>): T {
  expect(result.errors ?? [], JSON.stringify(result.errors)).toEqual([]);
  expect(result.data).toBeTruthy();
  return result.data as T;
}

/** The contract code of the result's first error. */
export function errorCode(result: GraphQLResponse<unknown>): unknown {
  return result.errors?.[0]?.extensions?.['code'];
}
