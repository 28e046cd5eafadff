// Typed attribute values, as OTLP carries them. Values keep their type: they are never
// stringified to be compared.

/**
 * One attribute value. OTLP's `intValue` and `doubleValue` both become `number` (an int64 past
 * 2^53 stays a decimal `string` rather than losing digits), `bytesValue` becomes a base64 string,
 * `arrayValue` an array, and `kvlistValue` a nested map.
 */
export type AttributeValue =
  | string
  | number
  | boolean
  | readonly AttributeValue[]
  | AttributeMap;

/** A map of attribute key to value; also the shape of a kvlist value. */
export interface AttributeMap {
  readonly [key: string]: AttributeValue;
}

/** Span, resource or scope attributes. */
export type Attributes = AttributeMap;
