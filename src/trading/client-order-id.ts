/**
 * Client order ids: what a caller may send (the exchange's own rule) and the ids the gateway makes
 * up when none is sent. Generated ids are plain alphanumeric on purpose: Binance's WAF answers 403
 * to requests that look odd, and a fixed prefix tells our orders apart in the exchange's history.
 */
import { randomBytes } from 'node:crypto';

/** Binance's newClientOrderId rule. */
export const clientOrderIdPattern = /^[a-zA-Z0-9_-]{1,36}$/;

const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** 22 base-62 characters: about 131 random bits, so collisions never happen in practice. */
const randomLength = 22;

/** A fresh id such as "gwK3f9x0Qm7Lr2VtB8nYc1dZ" (24 characters). */
export function generateClientOrderId(): string {
  // 62 does not divide 256: bytes of 248 and above are skipped so every character is equally likely.
  let id = 'gw';
  while (id.length < 2 + randomLength) {
    for (const byte of randomBytes(32)) {
      if (byte < 248 && id.length < 2 + randomLength) id += alphabet[byte % 62];
    }
  }
  return id;
}
