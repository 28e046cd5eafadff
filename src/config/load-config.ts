// Finds and reads `tbt.config.yaml`, walking up from the working directory like git does.
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { whyUnreadable } from '../common/index.ts';
import { TbtError, type TbtConfig } from '../model/index.ts';
import { resolveConfig } from './resolve-config.ts';
import { parseYamlSource } from './yaml-source.ts';

export const CONFIG_FILE_NAMES = ['tbt.config.yaml', 'tbt.config.yml'];

/** The nearest config file at or above `cwd`, or undefined. */
export function findConfigFile(cwd: string): string | undefined {
  let dir = path.resolve(cwd);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Loads the config named by `configPath`, or the nearest one; defaults when there is none. With
 * `environment` (tbt's own, passed in), `${env:NAME}` in `env:` values is expanded.
 */
export async function loadConfig(options: {
  cwd: string;
  configPath?: string;
  environment?: Readonly<Record<string, string | undefined>>;
}): Promise<TbtConfig> {
  const resolveOptions = options.environment ? { environment: options.environment } : {};
  const file = options.configPath ? path.resolve(options.cwd, options.configPath) : findConfigFile(options.cwd);
  if (!file) return resolveConfig(undefined, path.resolve(options.cwd), resolveOptions);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new TbtError('io', `cannot read the config: ${whyUnreadable(error)}`, { location: { file } });
  }
  // Errors name the file as the user would type it: relative when it is below the working directory.
  const shown = path.relative(options.cwd, file).startsWith('..') ? file : path.relative(options.cwd, file);
  // `file` is absolute (as TbtConfig says), and set for an empty file too.
  return { ...resolveConfig(parseYamlSource(text, shown), path.dirname(file), resolveOptions), file };
}
