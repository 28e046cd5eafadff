// Reads variables for `--vars`: a Tracetest `type: VariableSet` (or the older `Environment`)
// with `spec.values: [{ key, value }]`, or a plain `NAME: value` mapping.
import { readFile } from 'node:fs/promises';
import { isMap } from 'yaml';
import { TbtError } from '../model/index.ts';
import { Problems, YamlFile } from './yaml-file.ts';

/**
 * The variables of a VariableSet file, as text. Values may themselves hold `${env:X}`, which
 * `resolveTemplates` expands when a trigger uses the variable. Throws a located TbtError.
 */
export async function loadVariableSet(file: string): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new TbtError('io', `cannot read the variable set ${file}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`, { location: { file } });
  }
  const problems = new Problems();
  const yaml = YamlFile.parse(text, file, problems);
  const root = yaml.map(yaml.root, 'a variable set');
  let values: Record<string, string> = {};
  if (root) {
    const type = yaml.optionalString(root, 'type', 'type');
    if (type === undefined) {
      values = yaml.stringMap(root, 'variables');
    } else if (type === 'VariableSet' || type === 'Environment') {
      const spec = yaml.map(yaml.get(root, 'spec'), 'spec');
      const list = yaml.get(spec, 'values');
      if (list !== undefined && !isMap(list)) values = yaml.stringMap(list, 'spec.values');
      else if (list !== undefined) yaml.fail(list, 'spec.values must be a list of { key, value }');
    } else {
      yaml.fail(yaml.get(root, 'type'), `${file} is a ${type}, not a VariableSet`);
    }
  }
  const first = problems.list[0];
  if (first) throw first;
  return values;
}
