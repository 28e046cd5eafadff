// Reading tbt.config.yaml: locating it, parsing it with positions, and filling defaults.
/** Finds and loads the project config (walks up from cwd). */
export { loadConfig } from './load-config.ts';
