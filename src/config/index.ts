// Reading tbt.config.yaml: locating it, parsing it with positions, and filling defaults.
/** Finds and loads the project config (walks up from cwd). */
export { loadConfig, findConfigFile, CONFIG_FILE_NAMES } from './load-config.ts';
/** Resolves parsed config YAML into a TbtConfig (pure). */
export { resolveConfig, DEFAULT_TEST_GLOBS } from './resolve-config.ts';
/** Parses user YAML keeping positions for located errors. */
export { parseYamlSource, type YamlSource } from './yaml-source.ts';
/** `250ms` → 250. */
export { parseDurationMs } from './duration.ts';
