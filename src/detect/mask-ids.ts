// Masks the volatile ids in span names, URL paths and cache keys, so that calls which differ only
// in the entity they touch get one shape (`/clients/{id}`, `driver:{id}`). Detect-only: the
// canonical tree has its own masking rules in normalize.

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
/** Separators between the parts of a path, a key or a name; ids are whole parts. */
const SEPARATORS = /([/:,=?&#\s|;@.]+)/;

/**
 * True for a part that names one entity rather than a kind of thing: a number, a long hex string,
 * or a code with at least two digits (`T776999C`, `9SIQT8TOJO`). `v2`, `oauth2` and `s3` stay.
 */
export function isIdLike(part: string): boolean {
  if (/^\d+$/.test(part)) return true;
  if (/^[0-9a-f]{8,}$/i.test(part) && /\d/.test(part)) return true;
  if (/^[A-Za-z0-9_~-]{4,}$/.test(part) && (part.match(/\d/g)?.length ?? 0) >= 2) return true;
  return false;
}

/** `GET /users/42/orders/a790148b-…` → `GET /users/{id}/orders/{uuid}`. */
export function maskIds(text: string): string {
  // Every id this masks has a digit; most names have none.
  if (!/\d/.test(text)) return text;
  const withoutUuids = text.replace(UUID, '{uuid}');
  const parts = withoutUuids.split(SEPARATORS);
  for (let index = 0; index < parts.length; index += 2) {
    const part = parts[index];
    if (part !== undefined && part !== '{uuid}' && isIdLike(part)) parts[index] = '{id}';
  }
  return parts.join('');
}

/**
 * A loose form of a span name for matching names that two maskers treated differently (this one,
 * and normalize's `{id}` / `?` / `:id` placeholders): every placeholder and id becomes `*`.
 */
export function looseName(name: string): string {
  return maskIds(name)
    .replace(/\{[^{}]*\}|<[^<>]*>|\?|(?<=\/):\w+|\b_[a-z]+_\b/g, '*')
    .toLowerCase();
}
