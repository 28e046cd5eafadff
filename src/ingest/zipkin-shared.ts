// Zipkin v2 puts several records under one span id: timestamp-less fragments of one span, and the
// client and server halves of a "shared" RPC span. This turns them into OTLP-shaped spans: fragments
// merge, a server half gets a derived id under its client, and children follow the right half.
import { warn } from './decoded.ts';

/** One Zipkin v2 span record, validated, ids already normalized. */
export interface ZipkinRecord {
  readonly traceId: string;
  readonly id: string;
  readonly parentId?: string;
  readonly name: string;
  readonly kind?: string;
  readonly timestamp?: number;
  readonly duration?: number;
  readonly service?: string;
  readonly remote?: { readonly serviceName?: string; readonly address?: string; readonly port?: number };
  readonly annotations: readonly { readonly timestamp: number; readonly value: string }[];
  readonly tags: Readonly<Record<string, string>>;
}

/** A record with the span id and parent it ends up with. */
export interface PlacedRecord {
  readonly record: ZipkinRecord;
  readonly spanId: string;
  readonly parentSpanId?: string;
}

const MASK = (1n << 64n) - 1n;

/** FNV-1a 64: a stable id for a server half, so the same file always decodes the same way. */
function derivedId(seed: string, taken: ReadonlySet<string>): string {
  for (let salt = 0; ; salt++) {
    let hash = 0xcbf29ce484222325n;
    for (const char of `${seed}#${salt}`) hash = ((hash ^ BigInt(char.codePointAt(0) ?? 0)) * 0x100000001b3n) & MASK;
    const id = hash.toString(16).padStart(16, '0');
    if (!taken.has(id) && hash !== 0n) return id;
  }
}

/** Folds a timestamp-less or kind-less fragment into the span it belongs to. */
function merge(host: ZipkinRecord, part: ZipkinRecord): ZipkinRecord {
  return {
    ...part,
    ...host,
    name: host.name !== '' ? host.name : part.name,
    ...(host.remote === undefined && part.remote !== undefined ? { remote: part.remote } : {}),
    ...(host.duration === undefined && part.duration !== undefined ? { duration: part.duration } : {}),
    annotations: [...host.annotations, ...part.annotations],
    tags: { ...part.tags, ...host.tags },
  };
}

/**
 * Merges the fragments of one id group; counts how many merged. A host is a record with a
 * timestamp; a kind-less record is a fragment too when a kinded host of its service exists.
 */
function mergeFragments(group: readonly ZipkinRecord[], counts: { merged: number }): ZipkinRecord[] {
  const kindedHost = (r: ZipkinRecord): boolean => r.kind !== undefined && r.timestamp !== undefined;
  const hosts = new Set(group.filter((r) =>
    r.timestamp !== undefined && (r.kind !== undefined || !group.some((o) => kindedHost(o) && o.service === r.service))));
  const result = group.filter((r) => hosts.has(r));
  for (const record of group) {
    if (hosts.has(record)) continue;
    const sameService = (i: number): boolean => result[i]?.service === record.service;
    let hostIndex = result.findIndex((r, i) => r.kind !== undefined && sameService(i));
    if (hostIndex < 0) hostIndex = result.findIndex((_, i) => sameService(i));
    const host = result[hostIndex];
    if (host === undefined) {
      result.push(record);
    } else {
      result[hostIndex] = merge(host, record);
      counts.merged++;
    }
  }
  return result;
}

/** Picks which half of a split id a child span hangs under: same service, server first, by time. */
function adopt(child: ZipkinRecord, halves: readonly PlacedRecord[]): PlacedRecord | undefined {
  const sameService = halves.filter((h) => h.record.service === child.service);
  const pool = sameService.length > 0 ? sameService : halves.filter((h) => h.record.kind === 'SERVER');
  const servers = pool.filter((h) => h.record.kind === 'SERVER');
  const candidates = servers.length > 0 ? servers : pool;
  const at = child.timestamp;
  if (at === undefined || candidates.length < 2) return candidates[0];
  const containing = candidates.find((h) => {
    const start = h.record.timestamp ?? Number.NEGATIVE_INFINITY;
    return at >= start && at <= start + (h.record.duration ?? 0);
  });
  if (containing !== undefined) return containing;
  // Halves without a duration contain nothing: the nearest start is the likeliest parent.
  const distance = (h: PlacedRecord): number => Math.abs((h.record.timestamp ?? Number.POSITIVE_INFINITY) - at);
  return candidates.reduce((best, h) => (distance(h) < distance(best) ? h : best));
}

/**
 * Places every record: merges fragments, splits shared ids, re-parents children. Warnings go to
 * `warnings` per trace id. Output keeps first-appearance order.
 */
export function placeZipkinRecords(records: readonly ZipkinRecord[], warnings: Map<string, string[]>): PlacedRecord[] {
  const groups = new Map<string, ZipkinRecord[]>();
  const taken = new Set<string>();
  for (const record of records) {
    const key = `${record.traceId}/${record.id}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [record]);
    else group.push(record);
    taken.add(record.id);
  }

  const fragments = new Map<string, { merged: number }>();
  const oddGroups = new Map<string, string[]>();
  const placedGroups = new Map<string, PlacedRecord[]>();
  for (const [key, group] of groups) {
    const first = group[0];
    if (first === undefined) continue;
    let counts = fragments.get(first.traceId);
    if (counts === undefined) fragments.set(first.traceId, (counts = { merged: 0 }));
    const merged = group.length > 1 ? mergeFragments(group, counts) : group;
    const primary = merged.find((r) => r.kind === 'CLIENT') ?? merged[0];
    if (primary === undefined) continue;
    const placed: PlacedRecord[] = [];
    for (const record of merged) {
      if (record === primary) {
        placed.push({ record, spanId: record.id, ...(record.parentId !== undefined ? { parentSpanId: record.parentId } : {}) });
        continue;
      }
      const spanId = derivedId(`${key}/${record.service ?? ''}/${placed.length}`, taken);
      taken.add(spanId);
      const underClient = primary.kind === 'CLIENT' && record.kind === 'SERVER';
      if (!underClient) {
        const odd = oddGroups.get(record.traceId) ?? [];
        if (!odd.includes(record.id)) odd.push(record.id);
        oddGroups.set(record.traceId, odd);
      }
      const parentSpanId = underClient ? primary.id : record.parentId;
      placed.push({ record, spanId, ...(parentSpanId !== undefined ? { parentSpanId } : {}) });
    }
    placedGroups.set(key, placed);
  }

  const out: PlacedRecord[] = [];
  for (const placed of placedGroups.values()) {
    for (const p of placed) {
      const parentGroup = p.record.parentId === undefined || p.parentSpanId !== p.record.parentId
        ? undefined
        : placedGroups.get(`${p.record.traceId}/${p.record.parentId}`);
      if (parentGroup === undefined || parentGroup.length < 2) {
        out.push(p);
        continue;
      }
      const parent = adopt(p.record, parentGroup) ?? p;
      out.push({ ...p, parentSpanId: parent.spanId });
    }
  }

  for (const [traceId, counts] of fragments) {
    if (counts.merged > 0) {
      warn(warnings, traceId, `zipkin: merged ${counts.merged} span fragment(s) without a timestamp or kind into the span with the same id and service`);
    }
  }
  for (const [traceId, ids] of oddGroups) {
    warn(warnings, traceId,
      `zipkin: ${ids.length} span id(s) are reported by more than a client/server pair (${ids.slice(0, 5).join(', ')}); the extra records got derived span ids`);
  }
  return out;
}
