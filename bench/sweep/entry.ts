import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Whether the module at `moduleUrl` (its `import.meta.url`) is the process entry named `name`
 * (`runJob`, `runAll`, `report`; any extension). The name check matters in an esbuild bundle,
 * where every module shares the bundle's `import.meta.url`.
 */
export function isEntry(moduleUrl: string, name: string): boolean {
  const main = process.argv[1];
  if (main === undefined) return false;
  const base = path.basename(main, path.extname(main));
  return base === name && moduleUrl === pathToFileURL(path.resolve(main)).href;
}
