/**
 * `npm run bench`: every benchmark, one after another (never in parallel: they share two cores),
 * written to bench/RESULTS.md. Figures are ratios against baselines measured in the same run where
 * a baseline exists, because these machines are shared and noisy.
 */
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { benchApiKeys } from './api-keys.js';
import { benchOhlcv } from './ohlcv.js';
import { benchOrderLifecycle } from './order-lifecycle.js';
import { benchOrderBook } from './order-book-subscribers.js';
import { benchPaperTrades } from './paper-trades.js';
import { benchSubscriptions } from './subscriptions.js';

const sections: [string, () => Promise<string>][] = [
  ['ohlcv', benchOhlcv],
  ['paper trades', benchPaperTrades],
  ['order lifecycle', benchOrderLifecycle],
  ['subscriptions', benchSubscriptions],
  ['api keys', benchApiKeys],
  ['order books', benchOrderBook],
];

const only = process.argv[2];
const parts: string[] = [];
for (const [name, run] of sections) {
  if (only && !name.startsWith(only)) continue;
  process.stderr.write(`bench: ${name}…\n`);
  parts.push(await run());
}

let commit = 'uncommitted';
try {
  commit = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
} catch {
  // Not a git checkout (a tarball, say): the results still stand, without a commit id.
}
const header = [
  '# Benchmark results',
  '',
  `Measured ${new Date().toISOString()} at commit ${commit} with \`npm run bench\`` +
    ` on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}.`,
  'Shared, noisy machine: compare ratios measured in the same run, not absolute figures across runs.',
  '',
].join('\n');
const resultsFile = new URL('./RESULTS.md', import.meta.url);
// Comparisons against other commits (bench/compare-cached-query.ts) need a second checkout, so a
// run cannot redo them: what follows this marker in RESULTS.md is carried over as it was.
const keptMarker = '<!-- Comparisons with other commits: kept by npm run bench -->';
const previous = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : '';
const kept = previous.includes(keptMarker) ? previous.slice(previous.indexOf(keptMarker)) : '';
const output = `${header}\n${parts.join('\n')}${kept ? `\n${kept}` : ''}`;
if (!only) writeFileSync(resultsFile, output);
process.stdout.write(output);
