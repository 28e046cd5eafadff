// A loose form of span names, for matching a raw span's name against a canonical one: the
// detectors see raw spans, the diff sees names the normalize rules (maybe user ones) masked.
import { maskIds } from '../normalize/index.ts';

/**
 * Every placeholder and id becomes `*`: tbt's own (`{id}`, `{uuid}`, `?`), a route's (`:id`),
 * and those of other tools (`<id>`, `_uuid_`), so that two maskings of one name compare equal.
 */
export function looseName(name: string): string {
  return maskIds(name)
    .replace(/\{[^{}]*\}|<[^<>]*>|\?|(?<=\/):\w+|\b_[a-z]+_\b/g, '*')
    .toLowerCase();
}
