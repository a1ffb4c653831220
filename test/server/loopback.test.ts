/** Only loopback clients may be shown the development key. */
import { describe, expect, it } from 'vitest';
import { isLoopbackAddress } from '../../src/server/loopback.js';

describe('isLoopbackAddress', () => {
  it.each(['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1'])('accepts %s', (address) => {
    expect(isLoopbackAddress(address)).toBe(true);
  });
  it.each(['10.0.0.5', '192.168.1.20', '::ffff:10.0.0.1', 'fe80::1', '', undefined])('refuses %s', (address) => {
    expect(isLoopbackAddress(address)).toBe(false);
  });
});
