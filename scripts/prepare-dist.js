/**
 * First step of `npm run build`: empties dist/ and copies into it every file under src/ that tsc
 * does not compile (e.g. src/server/chart/chart.html), at the same relative path.
 *
 * Why empty it: tsc never deletes, so a source file renamed or removed would leave its old output
 * behind to be imported by mistake. Why copy by extension rather than by name: code reads its
 * assets next to itself (`new URL('./chart/chart.html', import.meta.url)`), so whatever sits beside
 * a source file must sit beside its compiled file too, including assets added later.
 */
import { cpSync, rmSync } from 'node:fs';

/** TypeScript sources and declarations: tsc's business, not copied. */
const typescriptFile = /\.[cm]?tsx?$/;

rmSync('dist', { recursive: true, force: true });
cpSync('src', 'dist', { recursive: true, filter: (source) => !typescriptFile.test(source) });
