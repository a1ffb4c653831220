/**
 * CORS: browsers may call the gateway only from the origins listed in CORS_ORIGINS, and from none
 * when it is unset. Yoga's own list handling answers an unlisted origin with
 * `Access-Control-Allow-Origin: null`, which a page in a sandboxed iframe or a file: URL (whose
 * Origin is "null") then satisfies; here an unlisted origin gets no CORS headers at all. No
 * credentials are offered: clients authenticate with the X-API-Key header, not cookies.
 */
import type { YogaServerOptions } from 'graphql-yoga';

type CorsOption = NonNullable<YogaServerOptions<object, object>['cors']>;

export function corsPolicy(allowedOrigins: readonly string[]): CorsOption {
  if (allowedOrigins.length === 0) return false;
  return (request: Request) => {
    const origin = request.headers.get('origin');
    if (origin === null || !allowedOrigins.includes(origin)) return false;
    return {
      origin: [origin],
      methods: ['GET', 'POST'],
      allowedHeaders: ['content-type', 'accept', 'x-api-key'],
      credentials: false,
      maxAge: 600,
    };
  };
}
