/**
 * The container image's HEALTHCHECK: exits 0 when the gateway in this container answers
 * GET /healthz with a 2xx within 4 s, and 1 otherwise. Plain node, because slim images have neither
 * curl nor wget. It asks loopback on PORT, which HOST=0.0.0.0 (the image's setting) listens on.
 */
/* global fetch, AbortSignal -- Node's own, which eslint's plain-JS rules do not know of */
import process from 'node:process';

const port = process.env['PORT'] || '4000';
try {
  const response = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(4000) });
  process.exit(response.ok ? 0 : 1);
} catch {
  process.exit(1);
}
