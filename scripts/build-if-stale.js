/**
 * `npm start`'s prestart: runs `npm run build` when dist/ is missing or older than its sources, so
 * `npm ci && npm start` starts the gateway on a fresh clone. Does nothing when dist/ is current.
 *
 * An install without devDependencies (`npm prune --omit=dev`, a container image) has no TypeScript
 * and never builds: it runs the dist/ it was shipped with, and stops with a message when there is none.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import process from 'node:process';

const entry = 'dist/main.js';
const inputs = ['src', 'tsconfig.json', 'tsconfig.build.json'];

/**
 * The newest modification time of a file, or of a folder and everything in it (folders count too:
 * deleting a file changes its folder's time). 0 when the path does not exist.
 * @param {string} path
 * @returns {number}
 */
function newestChange(path) {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  const below = readdirSync(path, { recursive: true, encoding: 'utf8' }).map((name) => statSync(join(path, name)).mtimeMs);
  return Math.max(stats.mtimeMs, ...below);
}

function typescriptInstalled() {
  try {
    createRequire(import.meta.url).resolve('typescript');
    return true;
  } catch {
    return false;
  }
}

const built = existsSync(entry) ? statSync(entry).mtimeMs : 0;
const stale = built === 0 || inputs.some((input) => newestChange(input) > built);

if (stale && typescriptInstalled()) {
  // Through the npm that runs us (npm_execpath), so the build is exactly `npm run build`.
  const npm = process.env['npm_execpath'];
  const result = npm
    ? spawnSync(process.execPath, [npm, 'run', 'build'], { stdio: 'inherit' })
    : spawnSync('npm', ['run', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
  process.exit(result.status ?? 1);
} else if (built === 0) {
  process.stderr.write(
    `${entry} is missing and TypeScript is not installed (devDependencies omitted), so it cannot be built here.\n` +
      'Build before pruning: npm ci && npm run build && npm prune --omit=dev && npm start\n',
  );
  process.exit(1);
} else if (stale) {
  process.stderr.write(`warning: ${entry} is older than src/, and TypeScript is not installed to rebuild it; starting it as it is.\n`);
}
