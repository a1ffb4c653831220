/**
 * Headless Chromium for the frontend tests and the screenshot script: Debian's `chromium` package
 * driven by playwright-core (which brings no browser of its own). A missing browser is a failure
 * with the fix in its message, never a skip.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

// This machine has no network: without these Chromium keeps trying to reach Google's services.
const quietFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumPath(): string {
  const found = candidates.find((path) => existsSync(path));
  if (!found) {
    throw new Error(`Chromium not found (looked at ${candidates.join(', ')}): apt-get install chromium`);
  }
  return found;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: quietFlags });
}
