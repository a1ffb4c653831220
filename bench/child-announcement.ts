/**
 * The benchmarks' server children announce themselves with one JSON line on stdout (their URLs
 * and what the parent needs): that line, parsed, or an error if the child exits first.
 */
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export async function childAnnouncement<T>(child: ChildProcess, name: string): Promise<T> {
  const stdout = child.stdout;
  if (!stdout) throw new Error(`${name}: spawned without a stdout pipe`);
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
  });
  return JSON.parse(line) as T;
}
