/**
 * Runs one of the project's TypeScript entry points (a CLI) with tsx, as `npm run` would, and hands
 * back its exit code and output, whether it succeeded or not.
 */
import { execFile, type ExecFileOptions } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const tsx = new URL('../../node_modules/.bin/tsx', import.meta.url).pathname;

export interface ScriptRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `script`: a path under src/, relative to the project root. */
export async function runScript(script: string, args: readonly string[], options: ExecFileOptions = {}): Promise<ScriptRun> {
  const path = new URL(`../../${script}`, import.meta.url).pathname;
  try {
    const { stdout, stderr } = await run(tsx, [path, ...args], { ...options, encoding: 'utf8' });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as ScriptRun;
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/**
 * Options for a run in a clean environment: only PATH and `env`, from `/`, so that a developer's
 * .env or REDIS_URL cannot leak in.
 */
export function cleanEnvironment(env: Record<string, string>): ExecFileOptions {
  return { env: { PATH: process.env['PATH'] ?? '', ...env }, cwd: '/' };
}
