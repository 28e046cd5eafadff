// Expands the config's test globs into files. Node 20 has no fs.glob, and the globs we need
// (`**`, `*`, `?`) fit in a few lines, so this is ours rather than a dependency.
import { readdir } from 'node:fs/promises';
import path from 'node:path';

const SKIPPED_DIRS = new Set(['node_modules', '.git', '.tbt']);

/** Files under rootDir matching any glob (relative, `/`-separated), sorted. */
export async function findFiles(rootDir: string, globs: readonly string[]): Promise<string[]> {
  return (await findFilesByGlob(rootDir, globs)).files;
}

/** As findFiles, and also the globs that matched no file (a directory is not a match). */
export async function findFilesByGlob(rootDir: string, globs: readonly string[]): Promise<{ files: string[]; unmatched: string[] }> {
  const patterns = globs.map(globToRegExp);
  const matched = new Set<number>();
  const found: string[] = [];
  const pending = [''];
  while (pending.length > 0) {
    const relativeDir = pending.pop() ?? '';
    const entries = await readdir(path.join(rootDir, relativeDir), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const relative = relativeDir ? `${relativeDir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) pending.push(relative);
      } else {
        let any = false;
        patterns.forEach((pattern, index) => {
          if (!pattern.test(relative)) return;
          matched.add(index);
          any = true;
        });
        if (any) found.push(path.join(rootDir, relative));
      }
    }
  }
  return { files: found.sort(), unmatched: globs.filter((_, index) => !matched.has(index)) };
}

export function globToRegExp(glob: string): RegExp {
  let source = '';
  const text = glob.replace(/^\.\//, '');
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] ?? '';
    if (char === '*' && text[i + 1] === '*') {
      // `**/` matches any number of directories, including none.
      source += text[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += text[i + 2] === '/' ? 2 : 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
