// A validator for the subset of JSON Schema that json-report.schema.json uses: type, const,
// enum, minimum, properties, required, additionalProperties, items, $ref into #/$defs.

type Schema = { [key: string]: unknown };

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const KNOWN = new Set([
  '$schema', '$id', '$defs', '$ref', 'title', 'description', 'type', 'const', 'enum', 'minimum',
  'properties', 'required', 'additionalProperties', 'items',
]);

/** Every place `value` breaks `schema`, as `path: why`; empty when it is valid. */
export function validate(value: unknown, schema: Schema, root: Schema = schema, at = '$'): string[] {
  for (const key of Object.keys(schema)) {
    if (!KNOWN.has(key)) return [`${at}: the schema uses "${key}", which this validator does not support`];
  }
  const errors: string[] = [];
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace(/^#\/\$defs\//, '');
    const defs = root.$defs;
    const target = isSchema(defs) ? defs[name] : undefined;
    if (!isSchema(target)) return [`${at}: unresolved $ref ${schema.$ref}`];
    return validate(value, target, root, at);
  }
  const actual = typeOf(value);
  if (typeof schema.type === 'string') {
    const ok = schema.type === actual || (schema.type === 'number' && actual === 'integer');
    if (!ok) return [`${at}: expected ${schema.type}, got ${actual}`];
  }
  if ('const' in schema && JSON.stringify(schema.const) !== JSON.stringify(value)) {
    errors.push(`${at}: expected ${JSON.stringify(schema.const)}`);
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    errors.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  }
  if (typeof schema.minimum === 'number' && typeof value === 'number' && value < schema.minimum) {
    errors.push(`${at}: ${value} < ${schema.minimum}`);
  }
  if (actual === 'object' && isSchema(value)) {
    const properties = isSchema(schema.properties) ? schema.properties : {};
    for (const key of Array.isArray(schema.required) ? schema.required : []) {
      if (!(String(key) in value)) errors.push(`${at}: missing required "${String(key)}"`);
    }
    for (const [key, child] of Object.entries(value)) {
      const sub = properties[key];
      if (isSchema(sub)) errors.push(...validate(child, sub, root, `${at}.${key}`));
      else if (schema.additionalProperties === false) errors.push(`${at}: unexpected property "${key}"`);
      else if (isSchema(schema.additionalProperties)) errors.push(...validate(child, schema.additionalProperties, root, `${at}.${key}`));
    }
  }
  if (Array.isArray(value) && isSchema(schema.items)) {
    const items = schema.items;
    value.forEach((item, index) => errors.push(...validate(item, items, root, `${at}[${index}]`)));
  }
  return errors;
}
