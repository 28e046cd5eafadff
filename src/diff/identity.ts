// A stand-in for normalize's `spanIdentity`, used until src/normalize lands; then diff imports
// the real one and this file goes. Same recipe as DESIGN.md: service, name, kind + semantics.
import type { AttributeValue, CanonicalNode } from '../model/index.ts';

const SEMANTIC_KEYS: readonly (readonly string[])[] = [
  ['http.request.method', 'http.method'],
  ['http.route'],
  ['db.system.name', 'db.system'],
  ['db.operation.name', 'db.operation'],
  ['messaging.destination.name', 'messaging.destination'],
  ['rpc.method'],
];

function scalar(value: AttributeValue | undefined): string {
  return value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** `service\u0000name\u0000kind\u0000semantic values`, equal exactly when diff should pair spans. */
export function fallbackIdentity(node: CanonicalNode): string {
  const parts = [node.service, node.name, node.kind];
  for (const keys of SEMANTIC_KEYS) {
    let value: AttributeValue | undefined;
    for (const key of keys) {
      value = node.attributes[key];
      if (value !== undefined) break;
    }
    parts.push(scalar(value));
  }
  return parts.join('\u0000');
}
