// Fuzzes a real `tbt receive --out` process with 10,000 mixed payloads, valid and hostile (bad
// JSON, wrong shapes, out-of-range and 8-million-digit numbers, gzip bombs, oversize bodies, bad
// protobuf, deep nesting), 32 at a time, and prints the receiver's peak RSS, the status counts,
// and how many accepted spans are missing from the saved files. Figures are printed, never asserted.
//   node --import tsx bench/receive-fuzz.bench.ts [payloads]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { decodeTraceFile } from '../src/ingest/index.ts';
import { exportTraceServiceRequestType } from '../src/ingest/otlp-schema.ts';

const PAYLOADS = Number(process.argv[2] ?? 10_000);
const CONCURRENCY = 32;
const binPath = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'tbt.js');

interface Payload {
  readonly kind: string;
  readonly body: Buffer;
  readonly headers: Record<string, string>;
  /** Spans the receiver must keep when it answers 200. */
  readonly spans: number;
}

const JSON_HEADERS = { 'content-type': 'application/json' };
const hex = (bytes: number): string => randomBytes(bytes).toString('hex');
let seed = 42;
/** A small deterministic PRNG, so that two runs fuzz with the same mix. */
const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

function jsonSpans(count: number, traceId = hex(16)): unknown[] {
  const rootId = hex(8);
  return Array.from({ length: count }, (_, i) => ({
    traceId,
    spanId: i === 0 ? rootId : hex(8),
    ...(i === 0 ? {} : { parentSpanId: rootId }),
    name: `op ${i}`,
    kind: 2,
    startTimeUnixNano: '1700000000000000000',
    endTimeUnixNano: '1700000000001000000',
    attributes: [
      { key: 'http.route', value: { stringValue: `/items/${i}` } },
      { key: 'n', value: { intValue: String(i) } },
    ],
  }));
}

function jsonExport(spans: unknown[]): string {
  return JSON.stringify({ resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'fuzz' } }] }, scopeSpans: [{ scope: { name: 'fuzz' }, spans }] }] });
}

function protobufExport(count: number): Buffer {
  const traceId = randomBytes(16);
  const spans = Array.from({ length: count }, (_, i) => ({
    traceId,
    spanId: randomBytes(8),
    name: `pb ${i}`,
    kind: 1,
    startTimeUnixNano: 1_700_000_000_000_000_000n.toString(),
    endTimeUnixNano: 1_700_000_000_001_000_000n.toString(),
  }));
  const message = exportTraceServiceRequestType().fromObject({ resourceSpans: [{ scopeSpans: [{ spans }] }] });
  return Buffer.from(exportTraceServiceRequestType().encode(message).finish());
}

function nested(depth: number): unknown {
  let value: unknown = { stringValue: 'bottom' };
  for (let i = 0; i < depth; i++) value = { kvlistValue: { values: [{ key: 'k', value }] } };
  return value;
}

// The big hostile bodies are built once: building them is the client's cost, not the receiver's.
let gzipBomb: Buffer | undefined;
let oversize: Buffer | undefined;
let hugeLiteral: Buffer | undefined;

function payload(index: number): Payload {
  const roll = random();
  const json = (kind: string, text: string, spans = 0): Payload => ({ kind, body: Buffer.from(text), headers: JSON_HEADERS, spans });
  if (roll < 0.35) {
    const count = random() < 0.05 ? 2000 : 1 + Math.floor(random() * 200);
    return json('valid json', jsonExport(jsonSpans(count)), count);
  }
  if (roll < 0.45) {
    const count = 1 + Math.floor(random() * 200);
    const body = protobufExport(count);
    return random() < 0.5
      ? { kind: 'valid protobuf', body, headers: { 'content-type': 'application/x-protobuf' }, spans: count }
      : { kind: 'valid protobuf+gzip', body: gzipSync(body), headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' }, spans: count };
  }
  const hostile = Math.floor(random() * 12);
  const base = jsonSpans(1)[0] as Record<string, unknown>;
  switch (hostile) {
    case 0: return json('truncated json', jsonExport(jsonSpans(50)).slice(0, 500));
    case 1: return json('wrong shape', JSON.stringify({ resourceSpans: { nope: true } }));
    case 2: return json('int64 overflow', jsonExport([{ ...base, attributes: [{ key: 'n', value: { intValue: '9223372036854775808' } }] }]));
    case 3: return json('30-digit time', jsonExport([{ ...base, startTimeUnixNano: '9'.repeat(30) }]));
    case 4: return index % 50 === 0
      ? { kind: '8M-digit literal', body: (hugeLiteral ??= Buffer.from(jsonExport([base]).replace('"intValue":"0"', `"intValue":${'9'.repeat(8_000_000)}`))), headers: JSON_HEADERS, spans: 0 }
      : json('long digit string', jsonExport([{ ...base, attributes: [{ key: 'n', value: { intValue: '9'.repeat(5000) } }] }]));
    case 5: return { kind: 'gzip bomb', body: (gzipBomb ??= gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20))), headers: { ...JSON_HEADERS, 'content-encoding': 'gzip' }, spans: 0 };
    case 6: return index % 20 === 0
      ? { kind: 'oversize body', body: (oversize ??= Buffer.alloc(17 * 1024 * 1024, 0x78)), headers: JSON_HEADERS, spans: 0 }
      : json('not json', 'x'.repeat(2000));
    case 7: return { kind: 'garbage protobuf', body: randomBytes(1 + Math.floor(random() * 4000)), headers: { 'content-type': 'application/x-protobuf' }, spans: 0 };
    case 8: return json('deep nesting', jsonExport([{ ...base, attributes: [{ key: 'deep', value: nested(200) }] }]));
    case 9: return json('zero ids', jsonExport([{ ...base, traceId: '0'.repeat(32) }]));
    case 10: return { kind: 'bad content-type', body: Buffer.from(jsonExport([base])), headers: { 'content-type': 'text/plain' }, spans: 0 };
    default: return { kind: 'broken gzip', body: Buffer.from('not gzip at all'), headers: { ...JSON_HEADERS, 'content-encoding': 'gzip' }, spans: 0 };
  }
}

function post(url: string, agent: Agent, p: Payload): Promise<{ status: number; retryAfter?: string }> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', agent, headers: { ...p.headers, 'content-length': String(p.body.length) } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ...(res.headers['retry-after'] ? { retryAfter: res.headers['retry-after'] } : {}) }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ status: -1, retryAfter: error.code ?? 'error' }));
    req.end(p.body);
  });
}

/** Peak RSS of a Linux process in MB (VmHWM), or undefined elsewhere. */
async function peakRssMb(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

const dir = await mkdtemp(path.join(tmpdir(), 'tbt-receive-fuzz-'));
const out = path.join(dir, 'out');
const child = spawn(process.execPath, [binPath, 'receive', '--port', '0', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
let stderrLines = 0;
child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderrLines += chunk.split('\n').length - 1));
const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
const url = await new Promise<string>((resolve) => {
  let text = '';
  const onData = (chunk: string): void => {
    text += chunk;
    const match = /listening on (\S+\/v1\/traces)/.exec(text);
    if (match?.[1] !== undefined) resolve(match[1]);
  };
  child.stdout.setEncoding('utf8').on('data', onData);
});
child.stdout.resume();

const started = performance.now();
const statuses = new Map<string, number>();
let accepted = 0;
let next = 0;
let peakSeen = 0;
const sampler = setInterval(() => void peakRssMb(child.pid ?? 0).then((mb) => (peakSeen = Math.max(peakSeen, mb ?? 0))), 250);
await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  for (let i = next++; i < PAYLOADS; i = next++) {
    const p = payload(i);
    for (;;) {
      const answer = await post(url, agent, p);
      const key = `${p.kind} → ${answer.status === -1 ? answer.retryAfter : answer.status}`;
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
      if (answer.status === 503 || answer.status === 429) {
        await new Promise((resolve) => setTimeout(resolve, Number(answer.retryAfter ?? 1) * 1000));
        continue;
      }
      if (answer.status === 200) accepted += p.spans;
      break;
    }
  }
  agent.destroy();
}));
const sendMs = performance.now() - started;
clearInterval(sampler);
const peak = Math.max(peakSeen, (await peakRssMb(child.pid ?? 0)) ?? 0);
child.kill('SIGINT');
const code = await exited;

let saved = 0;
for (const name of await readdir(out)) {
  for (const trace of decodeTraceFile(await readFile(path.join(out, name)), name).traces) saved += trace.spans.length;
}
await rm(dir, { recursive: true, force: true });

process.stdout.write(`payloads: ${PAYLOADS} (concurrency ${CONCURRENCY}) in ${(sendMs / 1000).toFixed(1)} s; receiver exit code ${code}\n`);
for (const [key, count] of [...statuses].sort()) process.stdout.write(`  ${key}: ${count}\n`);
process.stdout.write(`receiver warnings on stderr: ${stderrLines} lines\n`);
process.stdout.write(`spans accepted (200): ${accepted}, saved: ${saved}, lost: ${accepted - saved}\n`);
process.stdout.write(`receiver peak RSS: ${peak > 0 ? `${peak.toFixed(0)} MB` : 'unknown (needs /proc)'} (goal ≤ 300 MB)\n`);
