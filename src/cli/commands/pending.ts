// `tbt accept` and `tbt reject`: flags to the runner's review of pending `.trace.new.yaml` files.
import path from 'node:path';
import { loadConfig } from '../../config/index.ts';
import { acceptPendingSnapshot, listPendingSnapshots, rejectPendingSnapshot } from '../../runner/index.ts';
import { FsSnapshotStore } from '../../snapshot/index.ts';
import { EXIT_OK } from '../errors.ts';
import type { CliIo } from '../io.ts';

export async function runAcceptOrReject(
  action: 'accept' | 'reject',
  filters: readonly string[],
  flags: { config?: string },
  io: CliIo,
): Promise<number> {
  const config = await loadConfig({ cwd: io.cwd, ...(flags.config ? { configPath: flags.config } : {}) });
  const store = new FsSnapshotStore();
  const shown = (file: string): string => path.relative(config.rootDir, file);
  const pending = await listPendingSnapshots(store, config.snapshotDir, filters);
  for (const item of pending) {
    if (action === 'accept') {
      await acceptPendingSnapshot(store, item, shown(item.file));
      io.stdout.write(`accepted ${shown(item.target)}\n`);
    } else {
      await rejectPendingSnapshot(store, item);
      io.stdout.write(`rejected ${shown(item.file)}\n`);
    }
  }
  if (pending.length === 0) {
    const which = filters.length > 0 ? ` matching ${filters.map((filter) => `"${filter}"`).join(' or ')}` : '';
    io.stdout.write(`no pending snapshots${which} in ${shown(config.snapshotDir) || '.'}\n`);
  }
  return EXIT_OK;
}
