/**
 * Subscriptions over SSE (graphql-sse's distinct-connections mode: a POST with `Accept:
 * text/event-stream`) served by the front door through Yoga's envelop, the way the WebSocket
 * transport is (websocket.ts): the same plugins parse, limit, authenticate, authorize, log and
 * track the operation, and the results go out through the same writer as Yoga's own SSE answers
 * (event-stream-writer.ts). What is skipped is Yoga's HTTP layer: the web Request and Response, their
 * header maps and streams, which an open subscription holds for its whole life (measured: about
 * a third of the memory of an SSE subscriber; bench/RESULTS.md).
 *
 * Anything that is not a well-formed, valid subscription with a known key is left to Yoga, which
 * answers it exactly as before (errors, status codes and all): `serve` resolves false then, having
 * executed nothing.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getOperationAST, OperationTypeNode, type DocumentNode, type ExecutionArgs, type ExecutionResult, type GraphQLError, type GraphQLSchema } from 'graphql';
import { isAsyncIterable, type YogaServerInstance } from 'graphql-yoga';
import type { Authentication } from '../auth/authentication.js';
import type { GatewayContext } from '../context.js';
import type { Logger } from '../observability/logger.js';
import { completeFrame, eventStreamHeaders, nextFrame, openingFrame, writeEventStream } from './event-stream-writer.js';
import type { DoorContext } from './front-door.js';
import { operationParams } from './operation-params.js';

interface Enveloped {
  schema: GraphQLSchema;
  subscribe: (args: ExecutionArgs) => Promise<ExecutionResult | AsyncIterable<ExecutionResult>> | ExecutionResult | AsyncIterable<ExecutionResult>;
  contextFactory: () => unknown;
  parse: (source: string) => DocumentNode;
  validate: (schema: GraphQLSchema, document: DocumentNode) => readonly GraphQLError[];
}

/** The HTTP status an error result asks for (extensions.http.status), as Yoga reads it; else 200. */
function statusOf(result: ExecutionResult): number {
  for (const error of result.errors ?? []) {
    const status = (error.extensions?.['http'] as { status?: unknown } | undefined)?.status;
    if (typeof status === 'number') return status;
  }
  return 200;
}

export function createSseSubscriptions(options: { yoga: YogaServerInstance<DoorContext, GatewayContext>; logger: Logger }) {
  const { yoga, logger } = options;

  /** Serves the request when it is a valid subscription; resolves false (nothing done) otherwise. */
  return async function serve(request: IncomingMessage, response: ServerResponse, body: string, authentication: Authentication): Promise<boolean> {
    if (!authentication.viewer) return false;
    const params = operationParams(body);
    if (!params) return false;
    // envelop types these as `any`; this is their shape for graphql-js 16.
    const { schema, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({ req: request, params, authentication }) as unknown as Enveloped;
    let document: DocumentNode;
    try {
      document = parse(params.query);
    } catch {
      return false;
    }
    if (getOperationAST(document, params.operationName)?.operation !== OperationTypeNode.SUBSCRIPTION) return false;
    if (validate(schema, document).length > 0) return false;
    let contextValue: unknown;
    try {
      contextValue = await contextFactory();
    } catch {
      return false;
    }
    let result: ExecutionResult | AsyncIterable<ExecutionResult>;
    try {
      result = await subscribe({ schema, document, variableValues: params.variables, operationName: params.operationName, contextValue });
    } catch (error) {
      // The plugins have seen and logged it (masking happens there too); the client gets a plain 500.
      logger.error({ err: error }, 'SSE subscription failed to start');
      response.writeHead(500, { 'content-type': 'application/json' }).end('{"errors":[{"message":"Unexpected error."}]}');
      return true;
    }
    if (!isAsyncIterable(result)) {
      response.writeHead(statusOf(result), eventStreamHeaders);
      response.write(openingFrame);
      response.write(nextFrame(result));
      response.end(completeFrame);
      return true;
    }
    // As whatwg-node does for a streamed response: no idle timeout, no Nagle delay, keep-alive probes.
    request.socket.setTimeout(0);
    request.socket.setNoDelay(true);
    request.socket.setKeepAlive(true);
    response.writeHead(200, eventStreamHeaders);
    response.write(openingFrame);
    writeEventStream(result[Symbol.asyncIterator](), response);
    return true;
  };
}
