// Test ids: the file name without `.tbt.yaml` / `.yaml`, in kebab-case. The id names the
// snapshot file, so it must be stable and safe on every file system.
import path from 'node:path';

export function testIdFromPath(file: string): string {
  const base = path.basename(file).replace(/(\.tbt)?\.ya?ml$/i, '');
  const kebab = base
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return kebab || 'test';
}
