/** The calling API key's id, which paper accounts and live-order records are scoped by. */
import type { GatewayContext } from '../context.js';

export function viewerIdOf(context: GatewayContext): string {
  // Scope checks run before every trading resolver, and they fail without a viewer.
  if (!context.viewer) throw new Error('trading resolver reached without an authenticated viewer');
  return context.viewer.id;
}
