/** The problems loadConfig names for an environment (none: it loads). */
import { ConfigError, loadConfig } from '../../src/config/load-config.js';

export function configProblems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}
