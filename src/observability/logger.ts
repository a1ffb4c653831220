/**
 * Structured JSON logs (pino). Credentials are redacted by path wherever they could appear, so a
 * log line never carries an API key, an exchange key or secret, or a signature.
 */
import { pino, type Logger } from 'pino';

export type { Logger };

/** Paths pino censors in every log line. */
export const redactedPaths = [
  'apiKey',
  'apiSecret',
  'secret',
  'signature',
  'headers["x-api-key"]',
  'headers["X-API-Key"]',
  'headers["x-mbx-apikey"]',
  'headers["X-MBX-APIKEY"]',
  'req.headers["x-api-key"]',
  'req.headers["x-mbx-apikey"]',
  'connectionParams["x-api-key"]',
  'config.binance.apiKey',
  'config.binance.apiSecret',
  'config.devApiKey',
  '*.apiKey',
  '*.apiSecret',
  '*.signature',
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    { level, redact: { paths: redactedPaths, censor: '[redacted]' }, base: { service: 'trading-gateway' } },
    destination ?? process.stdout,
  );
}
