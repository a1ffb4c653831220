/** The API key making a request, as every layer that needs to know the caller sees it. */
import type { Scope } from './scopes.js';

export interface Viewer {
  /** The key's id (never the key itself). */
  id: string;
  scopes: Scope[];
}
