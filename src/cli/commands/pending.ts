// `tbt accept` and `tbt reject`: review the `.trace.new.yaml` files that a failed local verify
// left beside the snapshots, the way `cargo insta accept|reject` does.
import path from 'node:path';
import { loadConfig } from '../../config/index.ts';
import { FsSnapshotStore, parseSnapshot } from '../../snapshot/index.ts';
import { EXIT_OK } from '../errors.ts';
import type { CliIo } from '../io.ts';

const PENDING_SUFFIX = '.trace.new.yaml';

export async function runAcceptOrReject(
  action: 'accept' | 'reject',
  filters: readonly string[],
  flags: { config?: string },
  io: CliIo,
): Promise<number> {
  const config = await loadConfig({ cwd: io.cwd, ...(flags.config ? { configPath: flags.config } : {}) });
  const store = new FsSnapshotStore();
  const pending = (await store.list(config.snapshotDir, PENDING_SUFFIX)).filter((file) => {
    const id = path.basename(file, PENDING_SUFFIX);
    return filters.length === 0 || filters.some((filter) => id.includes(filter));
  });
  for (const file of pending) {
    const relative = path.relative(config.rootDir, file);
    if (action === 'accept') {
      const text = (await store.read(file)) ?? '';
      parseSnapshot(text, relative); // never promote a file that does not parse
      const target = file.slice(0, -PENDING_SUFFIX.length) + '.trace.yaml';
      await store.write(target, text);
      await store.remove(file);
      io.stdout.write(`accepted ${path.relative(config.rootDir, target)}\n`);
    } else {
      await store.remove(file);
      io.stdout.write(`rejected ${relative}\n`);
    }
  }
  if (pending.length === 0) {
    const where = path.relative(config.rootDir, config.snapshotDir) || '.';
    const which = filters.length > 0 ? ` matching ${filters.map((filter) => `"${filter}"`).join(' or ')}` : '';
    io.stdout.write(`no pending snapshots${which} in ${where}\n`);
  }
  return EXIT_OK;
}
