import { fileURLToPath } from 'node:url';

/**
 * The shared benchmark data sits beside the repository (`<parent>/shared/data/forecast/`,
 * i.e. `../shared/data/forecast` from the repo root); CI clones the repo next to it.
 * Returns the folder with a trailing slash.
 */
export function sharedDataDir(): string {
  return fileURLToPath(new URL('../../../../../shared/data/forecast/', import.meta.url));
}
