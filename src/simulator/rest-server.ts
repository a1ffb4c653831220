/**
 * The HTTP side of the fake exchange: reads a request, logs it, applies the test's latency and
 * faults, charges request weight (429/418 when over), routes it, and answers JSON with the weight
 * headers Binance sends on every response.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BinanceError } from './binance-error.js';
import type { ExchangeClock } from './clock.js';
import { defaultFaultBody, type FaultBook } from './faults.js';
import type { RequestLog } from './request-log.js';
import type { Route, RouteAnswer } from './route.js';
import type { TimerSet } from './timers.js';
import type { WeightMeter } from './weight.js';

const MAX_BODY_BYTES = 1 << 20;

export interface RestDeps {
  routes: Route[];
  clock: ExchangeClock;
  meter: WeightMeter;
  faults: FaultBook;
  log: RequestLog;
  timers: TimerSet;
  /** Responses deliberately left unanswered; destroyed on close. */
  hanging: Set<ServerResponse>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) req.destroy(new Error('request body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const decode = (raw: string): Record<string, string> => Object.fromEntries(new URLSearchParams(raw));

export function createRestHandler(deps: RestDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const routes = new Map(deps.routes.map((route) => [`${route.method} ${route.path}`, route]));
  const knownPaths = new Set(deps.routes.map((route) => route.path));

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    if (res.headersSent || res.destroyed) return;
    const json = JSON.stringify(body);
    const used = String(deps.meter.used());
    res.writeHead(status, {
      'Content-Type': 'application/json;charset=UTF-8',
      'Content-Length': String(Buffer.byteLength(json)),
      'X-MBX-USED-WEIGHT-1M': used,
      'X-MBX-USED-WEIGHT': used,
      ...headers,
    });
    res.end(json);
  };

  const hang = (res: ServerResponse): void => {
    deps.hanging.add(res);
    res.on('close', () => deps.hanging.delete(res));
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    const rawQuery = url.search.slice(1);
    const rawBody = await readBody(req);
    const query = decode(rawQuery);
    const body = decode(rawBody);
    const method = req.method ?? 'GET';
    const entry = deps.log.record({ method, path, query, body, at: deps.clock.now(), weight: 0, status: 0 });
    res.on('finish', () => {
      entry.status = res.statusCode;
    });

    const latency = deps.faults.latencyFor(path);
    if (latency > 0) await deps.timers.sleep(latency);
    const fault = deps.faults.take(path);
    if (fault) {
      if (fault.delayMs) await deps.timers.sleep(fault.delayMs);
      if (fault.dropConnection) return void req.socket.destroy();
      if (fault.hang) return hang(res);
      if (fault.status !== undefined || fault.body !== undefined) {
        const status = fault.status ?? 500;
        const headers: Record<string, string> = fault.retryAfterSec === undefined ? {} : { 'Retry-After': String(fault.retryAfterSec) };
        return send(res, status, fault.body ?? defaultFaultBody(status, deps.clock.now()), headers);
      }
    }

    const route = routes.get(`${method} ${path}`);
    if (!route) {
      const [status, msg] = knownPaths.has(path) ? [405, 'Method not allowed.'] : [404, 'Unknown endpoint.'];
      return send(res, status, { code: -1000, msg });
    }
    const params = { ...body, ...query };
    const weight = route.weight(params);
    const admission = deps.meter.admit(weight);
    // A 418 is refused before anything is charged; a 429 was charged and then refused.
    entry.weight = admission.admitted || admission.status === 429 ? weight : 0;
    if (!admission.admitted) {
      return send(res, admission.status, admission.body, { 'Retry-After': String(admission.retryAfterSec) });
    }

    let answer: RouteAnswer;
    try {
      answer = route.handle({ method, path, headers: req.headers, rawQuery, rawBody, params });
    } catch (error) {
      if (error instanceof BinanceError) return send(res, error.status, error.body());
      const detail = error instanceof Error ? error.message : String(error);
      return send(res, 500, { code: -1000, msg: `Simulator bug: ${detail}` });
    }
    if (answer.refundWeight) {
      deps.meter.refund(answer.refundWeight);
      entry.weight -= answer.refundWeight;
    }
    if (answer.hang) return hang(res);
    send(res, answer.status ?? 200, answer.body, answer.headers);
  }

  return (req, res) => {
    handle(req, res).catch(() => {
      // A client that vanished mid-body: nothing to answer.
      if (!res.headersSent) res.destroy();
    });
  };
}
