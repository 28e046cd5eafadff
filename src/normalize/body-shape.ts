// The shape of a trigger's response body: JSON keys and value types with every value masked, so a
// snapshot notices "the response body shape changed" without holding ids or clocks.

/** Nesting past this depth is shown as `…`; bounds the work and the line. */
const MAX_DEPTH = 32;

/**
 * `{ id: string, items: [{ qty: number, sku: string }] }` for a JSON body; `<empty>` for an empty
 * one; `<text, N bytes>` otherwise, where N counts the UTF-8 bytes after `maskText` (so ids and
 * timestamps in a text body do not move it). Object keys pass through `maskText` too, so maps
 * keyed by ids keep one shape; keys are sorted, and array elements are listed as distinct shapes.
 */
export function bodyShape(body: string, maskText: (text: string) => string): string {
  if (body.trim() === '') return '<empty>';
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return `<text, ${new TextEncoder().encode(maskText(body)).length} bytes>`;
  }
  return shapeOf(parsed, maskText, 0);
}

function shapeOf(value: unknown, maskText: (text: string) => string, depth: number): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (depth >= MAX_DEPTH) return '…';
  if (Array.isArray(value)) {
    const shapes = new Set<string>();
    for (const item of value) shapes.add(shapeOf(item, maskText, depth + 1));
    return shapes.size === 0 ? '[]' : `[${[...shapes].sort().join(' | ')}]`;
  }
  const fields = new Map<string, Set<string>>();
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const masked = maskText(key);
    const set = fields.get(masked) ?? new Set<string>();
    set.add(shapeOf(item, maskText, depth + 1));
    fields.set(masked, set);
  }
  if (fields.size === 0) return '{}';
  const parts = [...fields.keys()].sort().map((key) => {
    const shapes = [...(fields.get(key) ?? [])].sort().join(' | ');
    return `${/^[A-Za-z_$][\w$-]*$/.test(key) ? key : JSON.stringify(key)}: ${shapes}`;
  });
  return `{ ${parts.join(', ')} }`;
}
