/**
 * Says what kept a request from getting an answer, from the error got (or the deadline's abort)
 * threw: the system call's code (ENOTFOUND, ECONNREFUSED, ...) or got's own timeout. Operators
 * read the difference in logs: a DNS failure is a configuration or resolver problem, a refusal a
 * host that is down, a timeout a host or path that hangs.
 */
import type { UnavailableReason } from './errors.js';

const reasonsByCode: Record<string, UnavailableReason> = {
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_FAIL: 'dns',
  EAI_NONAME: 'dns',
  ECONNREFUSED: 'refused',
  ETIMEDOUT: 'timeout',
  ESOCKETTIMEDOUT: 'timeout',
  ERR_ABORTED: 'timeout',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  ECONNABORTED: 'reset',
  ERR_STREAM_PREMATURE_CLOSE: 'reset',
  EHOSTUNREACH: 'network',
  ENETUNREACH: 'network',
};

/** The reason and low-level code of a request that got no HTTP answer. */
export function classifyFailure(error: unknown): { reason: UnavailableReason; detail: string } {
  if (!(error instanceof Error)) return { reason: 'network', detail: 'unknown' };
  // Our own deadline (AbortSignal.timeout) aborts a request: that is a timeout by definition.
  if (error.name === 'AbortError' || error.name === 'TimeoutError') return { reason: 'timeout', detail: 'deadline' };
  const code = errorCode(error) ?? errorCode(error.cause);
  if (code === undefined) return { reason: 'network', detail: error.name };
  if (code in reasonsByCode) return { reason: reasonsByCode[code] ?? 'network', detail: code };
  if (code.startsWith('ERR_TLS') || code.includes('CERT')) return { reason: 'tls', detail: code };
  return { reason: 'network', detail: code };
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}
