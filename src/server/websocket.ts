/**
 * GraphQL over WebSocket (graphql-transport-ws, the graphql-ws package) on the same port and path
 * as HTTP. The key travels in connectionParams; it is looked up once, when the connection opens, and
 * a bad one is refused then (close code 4403) rather than failing each operation later. A connection
 * whose key is revoked or expires later is closed with 4403 too, within `revocationCheckMs` of the
 * key directory learning of it, which ends its subscriptions and refuses any new one.
 */
import type { Server } from 'node:http';
import type { DocumentNode, ExecutionArgs, GraphQLError, GraphQLSchema } from 'graphql';
import type { OperationResult } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { YogaServerInstance } from 'graphql-yoga';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Authentication } from '../auth/authentication.js';
import { apiKeyFromConnectionParams } from '../auth/presented-api-key.js';
import type { GatewayContext } from '../context.js';
import { UnauthenticatedError } from '../schema/errors.js';
import type { DoorContext } from './front-door.js';
import type { Logger } from '../observability/logger.js';

type EnvelopedArgs = ExecutionArgs & {
  rootValue: { execute: (args: ExecutionArgs) => OperationResult; subscribe: (args: ExecutionArgs) => OperationResult };
};

interface Enveloped {
  schema: GraphQLSchema;
  execute: EnvelopedArgs['rootValue']['execute'];
  subscribe: EnvelopedArgs['rootValue']['subscribe'];
  contextFactory: () => unknown;
  parse: (source: string) => DocumentNode;
  validate: (schema: GraphQLSchema, document: DocumentNode) => readonly GraphQLError[];
}

export interface WebSocketTransport {
  close(): Promise<void>;
}

export function attachWebSocketTransport(options: {
  server: Server;
  yoga: YogaServerInstance<DoorContext, GatewayContext>;
  /** The one key lookup (auth/authentication.ts), made once per connection. */
  authenticate: (presentedKey: string | undefined) => Authentication;
  logger: Logger;
  /** Largest message a client may send (as MAX_REQUEST_BODY_BYTES for HTTP); larger ones close the socket (1009). */
  maxPayloadBytes: number;
  /** Whether the key with this id is still admitted (key-directory.ts). */
  keyIsActive: (keyId: string) => boolean;
  /** How often open connections' keys are checked, ms. @default 250 */
  revocationCheckMs?: number;
}): WebSocketTransport {
  const { yoga, logger } = options;
  /** Each connection's authentication, from its connectionParams at connect time. */
  const authentications = new WeakMap<object, Authentication>();
  /** Open authenticated connections, with the id of their key. */
  const open = new Map<WebSocket, string>();
  const closeRevoked = (): void => {
    for (const [socket, keyId] of open) {
      if (options.keyIsActive(keyId)) continue;
      open.delete(socket);
      logger.info({ keyId }, 'websocket connection closed: its API key was revoked or expired');
      socket.close(4403, 'API key revoked or expired');
    }
  };
  const revocationCheck = setInterval(closeRevoked, options.revocationCheckMs ?? 250);
  revocationCheck.unref();
  const wsServer = new WebSocketServer({ server: options.server, path: yoga.graphqlEndpoint, maxPayload: options.maxPayloadBytes });
  const disposable = useServer(
    {
      onConnect: (ctx) => {
        const authentication = options.authenticate(apiKeyFromConnectionParams(ctx.connectionParams));
        if (!authentication.viewer) {
          logger.info({ reason: authentication.reason }, 'websocket connection refused: missing or unknown API key');
          return false;
        }
        authentications.set(ctx.extra, authentication);
        const socket = ctx.extra.socket;
        open.set(socket, authentication.viewer.id);
        socket.once('close', () => open.delete(socket));
        return true;
      },
      // onSubscribe below puts Yoga's enveloped execute/subscribe on rootValue (Yoga's documented recipe).
      execute: (args) => (args as EnvelopedArgs).rootValue.execute(args),
      subscribe: (args) => (args as EnvelopedArgs).rootValue.subscribe(args),
      onSubscribe: async (ctx, _id, payload) => {
        const keyId = authentications.get(ctx.extra)?.viewer?.id;
        if (keyId !== undefined && !options.keyIsActive(keyId)) {
          closeRevoked();
          return [new UnauthenticatedError('This API key has been revoked or has expired.')];
        }
        // envelop types these as `any`; this is their shape for graphql-js 16.
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params: payload,
          connectionParams: ctx.connectionParams,
          authentication: authentications.get(ctx.extra),
        }) as unknown as Enveloped;
        const args = {
          schema,
          operationName: payload.operationName,
          document: parse(payload.query),
          variableValues: payload.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
        const errors = validate(args.schema, args.document);
        if (errors.length) return [...errors];
        return args;
      },
    },
    wsServer,
  );
  return {
    close: async () => {
      clearInterval(revocationCheck);
      await disposable.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}
