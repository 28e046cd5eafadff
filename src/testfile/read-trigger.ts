// Reads a trigger from either format into the model's Trigger, keeping where each text field was
// written so a missing `${var:X}` can later be reported at its own line and column.
import path from 'node:path';
import { isMap, isScalar, isSeq, type YAMLMap } from 'yaml';
import type { CommandTrigger, GrpcTrigger, HttpTrigger, JsonValue, TraceIdTrigger, Trigger } from '../model/index.ts';
import type { TextOrigin } from '../query/index.ts';
import { isNullNode, type YamlFile, type YamlNode } from './yaml-file.ts';

/**
 * Field path (`url`, `headers.x-api-key`, `body.cart.0.sku`, `args.1`) → where its text starts.
 * The paths are the ones `resolveTemplates` walks: object keys and list indices joined by `.`.
 */
export type FieldOrigins = Map<string, TextOrigin>;

export interface TriggerContext {
  readonly yaml: YamlFile;
  /** Directory of the test file, for relative proto files and working directories. */
  readonly dir: string;
  readonly rootDir: string;
}

/** `proto/x.proto` next to the test becomes relative to the project root; templates stay as written. */
function rootRelative(context: TriggerContext, file: string): string {
  if (file.includes('${')) return file;
  return path.relative(context.rootDir, path.resolve(context.dir, file)).split(path.sep).join('/');
}

function text(context: TriggerContext, origins: FieldOrigins, field: string, node: YamlNode, what: string): string | undefined {
  const value = context.yaml.string(node, what);
  if (value !== undefined) origins.set(field, context.yaml.origin(node));
  return value;
}

/** Where every text inside a mapping or a list (a JSON body, a gRPC request, env) was written. */
function rememberNested(context: TriggerContext, origins: FieldOrigins, field: string, node: YamlNode, depth = 0): void {
  if (depth > 64) return;
  if (isScalar(node)) {
    if (typeof node.value === 'string') origins.set(field, context.yaml.origin(node));
  } else if (isMap(node)) {
    for (const pair of node.items) {
      if (isScalar(pair.key)) rememberNested(context, origins, `${field}.${String(pair.key.value)}`, pair.value as YamlNode, depth + 1);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => rememberNested(context, origins, `${field}.${index}`, item as YamlNode, depth + 1));
  }
}

/** tbt's `trigger: { http | command | traceid | grpc: … }`. */
export function readTbtTrigger(context: TriggerContext, node: YamlNode, origins: FieldOrigins): Trigger | undefined {
  const { yaml } = context;
  const map = yaml.map(node, 'trigger');
  if (!map) return undefined;
  const kinds = yaml.keys(map).filter(({ key }) => ['http', 'command', 'traceid', 'grpc'].includes(key));
  yaml.onlyKeys(map, ['http', 'command', 'traceid', 'grpc'], 'trigger');
  if (kinds.length !== 1) return yaml.fail(node, 'trigger needs exactly one of http, command, traceid or grpc');
  const kind = kinds[0]?.key;
  const body = yaml.get(map, kind ?? '');
  if (kind === 'http') return readHttp(context, body, origins);
  if (kind === 'command') return readCommand(context, body, origins);
  if (kind === 'traceid') {
    const idNode = isMap(body) ? yaml.get(body, 'id') : body;
    const traceId = text(context, origins, 'traceId', idNode, 'trigger.traceid.id');
    return traceId === undefined ? undefined : ({ kind: 'traceid', traceId } satisfies TraceIdTrigger);
  }
  return readGrpc(context, body, origins, 'trigger.grpc');
}

function readHttp(context: TriggerContext, node: YamlNode, origins: FieldOrigins): HttpTrigger | undefined {
  const { yaml } = context;
  const map = yaml.map(node, 'trigger.http');
  if (!map) return undefined;
  yaml.onlyKeys(map, ['method', 'url', 'headers', 'body'], 'trigger.http');
  const url = yaml.has(map, 'url') ? text(context, origins, 'url', yaml.get(map, 'url'), 'trigger.http.url') : yaml.fail(node, 'trigger.http.url is missing');
  const method = yaml.has(map, 'method') ? text(context, origins, 'method', yaml.get(map, 'method'), 'trigger.http.method') : 'GET';
  const headers = readHeaders(context, yaml.get(map, 'headers'), origins, 'trigger.http.headers');
  const bodyNode = yaml.get(map, 'body');
  rememberNested(context, origins, 'body', bodyNode);
  const body = isNullNode(bodyNode) ? undefined : (yaml.toJS(bodyNode) as JsonValue);
  if (url === undefined || method === undefined) return undefined;
  return { kind: 'http', method: method.toUpperCase(), url, headers, ...(body === undefined ? {} : { body }) };
}

function readHeaders(context: TriggerContext, node: YamlNode, origins: FieldOrigins, what: string, field = 'headers'): Record<string, string> {
  const { yaml } = context;
  const headers = yaml.stringMap(node, what);
  if (isSeq(node)) {
    // Tracetest's `[{ key, value }]`: the value's own position, under the header's name.
    for (const item of node.items) {
      const key = isMap(item) ? yaml.get(item, 'key') : undefined;
      const value = isMap(item) ? yaml.get(item, 'value') : undefined;
      if (isScalar(key) && isScalar(value)) origins.set(`${field}.${String(key.value)}`, yaml.origin(value));
    }
  } else {
    rememberNested(context, origins, field, node);
  }
  return headers;
}

/** Splits `node scripts/buy.js "two words"` the way a shell would, without running one. */
function splitCommand(line: string): string[] {
  const words: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (const match of line.matchAll(pattern)) words.push(match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : (match[2] ?? match[3] ?? ''));
  return words;
}

function readCommand(context: TriggerContext, node: YamlNode, origins: FieldOrigins): CommandTrigger | undefined {
  const { yaml } = context;
  if (isScalar(node)) {
    const line = text(context, origins, 'command', node, 'trigger.command');
    const [command, ...args] = splitCommand(line ?? '');
    if (!command) return yaml.fail(node, 'trigger.command is empty');
    splitOrigins(origins, line ?? '', command);
    return { kind: 'command', command, args, env: {} };
  }
  const map = yaml.map(node, 'trigger.command');
  if (!map) return undefined;
  yaml.onlyKeys(map, ['command', 'args', 'cwd', 'env'], 'trigger.command');
  const line = yaml.has(map, 'command') ? text(context, origins, 'command', yaml.get(map, 'command'), 'trigger.command.command') : yaml.fail(node, 'trigger.command.command is missing');
  if (line === undefined) return undefined;
  const argsNode = yaml.get(map, 'args');
  const listed = isNullNode(argsNode) ? undefined : yaml.stringList(argsNode, 'trigger.command.args');
  const [command, ...splitArgs] = listed ? [line] : splitCommand(line);
  if (!command) return yaml.fail(node, 'trigger.command.command is empty');
  if (listed) rememberNested(context, origins, 'args', argsNode);
  else splitOrigins(origins, line, command);
  const cwd = yaml.optionalString(map, 'cwd', 'trigger.command.cwd');
  rememberNested(context, origins, 'cwd', yaml.get(map, 'cwd'));
  const env = yaml.stringMap(yaml.get(map, 'env'), 'trigger.command.env');
  rememberNested(context, origins, 'env', yaml.get(map, 'env'));
  return { kind: 'command', command, args: listed ?? splitArgs, ...(cwd === undefined ? {} : { cwd: rootRelative(context, cwd) }), env };
}

/**
 * A command line split into words: the words' columns no longer match the line's, so they are
 * located at the line's start (exactly, for a first word written unquoted at the start).
 */
function splitOrigins(origins: FieldOrigins, line: string, command: string): void {
  const origin = origins.get('command');
  if (!origin) return;
  const start: TextOrigin = { ...origin, layout: 'unknown' };
  if (!line.startsWith(command)) origins.set('command', start);
  origins.set('args', start);
}

/** Tracetest spells methods `pkg.Service.Method`; the model wants `pkg.Service/Method`. */
function grpcMethod(method: string): string {
  if (method.includes('/')) return method;
  const dot = method.lastIndexOf('.');
  return dot < 0 ? method : `${method.slice(0, dot)}/${method.slice(dot + 1)}`;
}

function readGrpc(context: TriggerContext, node: YamlNode, origins: FieldOrigins, what: string): GrpcTrigger | undefined {
  const { yaml } = context;
  const map = yaml.map(node, what);
  if (!map) return undefined;
  const protoKey = yaml.has(map, 'protoFile') ? 'protoFile' : 'protobufFile';
  const protoFile = yaml.requiredString(map, protoKey, `${what}.protoFile`, node);
  const address = yaml.has(map, 'address') ? text(context, origins, 'address', yaml.get(map, 'address'), `${what}.address`) : yaml.fail(node, `${what}.address is missing`);
  const method = yaml.requiredString(map, 'method', `${what}.method`, node);
  const requestNode = yaml.get(map, 'request');
  let request: JsonValue = {};
  rememberNested(context, origins, 'request', requestNode);
  if (isScalar(requestNode) && typeof requestNode.value === 'string') {
    try {
      request = JSON.parse(requestNode.value) as JsonValue;
    } catch {
      request = requestNode.value;
    }
  } else if (!isNullNode(requestNode)) {
    request = yaml.toJS(requestNode) as JsonValue;
  }
  const metadata = readHeaders(context, yaml.get(map, 'metadata'), origins, `${what}.metadata`, 'metadata');
  if (protoFile === undefined || address === undefined || method === undefined) return undefined;
  return { kind: 'grpc', protoFile: rootRelative(context, protoFile), address, method: grpcMethod(method), request, metadata };
}

/** Tracetest's `trigger: { type, httpRequest | grpc | traceid }`, authentication included. */
export function readTracetestTrigger(context: TriggerContext, node: YamlNode, origins: FieldOrigins): Trigger | undefined {
  const { yaml } = context;
  const map = yaml.map(node, 'spec.trigger');
  if (!map) return undefined;
  const type = yaml.optionalString(map, 'type', 'trigger.type') ?? (yaml.has(map, 'httpRequest') ? 'http' : yaml.has(map, 'grpc') ? 'grpc' : undefined);
  if (type === 'http') return readTracetestHttp(context, yaml.get(map, 'httpRequest'), origins);
  if (type === 'grpc') return readGrpc(context, yaml.get(map, 'grpc'), origins, 'trigger.grpc');
  if (type === 'traceid') {
    const traceId = text(context, origins, 'traceId', yaml.get(yaml.map(yaml.get(map, 'traceid'), 'trigger.traceid'), 'id'), 'trigger.traceid.id');
    return traceId === undefined ? undefined : { kind: 'traceid', traceId };
  }
  return yaml.fail(yaml.get(map, 'type') ?? node, `trigger type "${type ?? ''}" is not supported`, 'tbt runs http, grpc and traceid triggers from Tracetest files');
}

function readTracetestHttp(context: TriggerContext, node: YamlNode, origins: FieldOrigins): HttpTrigger | undefined {
  const { yaml } = context;
  const map = yaml.map(node, 'trigger.httpRequest');
  if (!map) return undefined;
  let url = yaml.has(map, 'url') ? text(context, origins, 'url', yaml.get(map, 'url'), 'httpRequest.url') : yaml.fail(node, 'httpRequest.url is missing');
  const method = yaml.optionalString(map, 'method', 'httpRequest.method') ?? 'GET';
  const headers = readHeaders(context, yaml.get(map, 'headers'), origins, 'httpRequest.headers');
  const bodyNode = yaml.get(map, 'body');
  rememberNested(context, origins, 'body', bodyNode);
  const body = isNullNode(bodyNode) ? undefined : (yaml.toJS(bodyNode) as JsonValue);
  const auth = yaml.get(map, 'authentication') ?? yaml.get(map, 'auth');
  if (!isNullNode(auth) && url !== undefined) url = applyAuthentication(context, yaml.map(auth, 'httpRequest.authentication'), headers, url, origins);
  if (url === undefined) return undefined;
  return { kind: 'http', method: method.toUpperCase(), url, headers, ...(body === undefined || body === '' ? {} : { body }) };
}

function applyAuthentication(context: TriggerContext, map: YAMLMap | undefined, headers: Record<string, string>, url: string, origins: FieldOrigins): string {
  const { yaml } = context;
  if (!map) return url;
  const type = yaml.optionalString(map, 'type', 'authentication.type') ?? '';
  if (type === '') return url;
  const section = yaml.map(yaml.get(map, type), `authentication.${type}`);
  // A header built from the credentials is located at the section that holds them.
  const built: TextOrigin = { ...yaml.locate(section ?? map), layout: 'unknown' };
  if (type === 'basic' || type === 'bearer') origins.set('headers.Authorization', built);
  if (type === 'basic') {
    const user = yaml.requiredString(section, 'username', 'authentication.basic.username', map) ?? '';
    const password = yaml.requiredString(section, 'password', 'authentication.basic.password', map) ?? '';
    const pair = `${user}:${password}`;
    // Credentials that name variables are encoded after resolution, at run time.
    headers.Authorization = pair.includes('${') ? `Basic \${base64:${pair}}` : `Basic ${Buffer.from(pair).toString('base64')}`;
  } else if (type === 'bearer') {
    headers.Authorization = `Bearer ${yaml.requiredString(section, 'token', 'authentication.bearer.token', map) ?? ''}`;
  } else if (type === 'apiKey') {
    const key = yaml.requiredString(section, 'key', 'authentication.apiKey.key', map) ?? '';
    const value = yaml.requiredString(section, 'value', 'authentication.apiKey.value', map) ?? '';
    const where = yaml.optionalString(section, 'in', 'authentication.apiKey.in') ?? 'header';
    if (where === 'query') {
      const encode = (part: string): string => (part.includes('${') ? part : encodeURIComponent(part));
      // The url's columns past its own text belong to the key: locate those at the section.
      const urlOrigin = origins.get('url');
      if ((key + value).includes('${') && urlOrigin) origins.set('url', { ...urlOrigin, layout: 'unknown' });
      return `${url}${url.includes('?') ? '&' : '?'}${encode(key)}=${encode(value)}`;
    }
    if (where !== 'header') yaml.fail(yaml.get(section, 'in'), `authentication.apiKey.in must be header or query, not "${where}"`);
    headers[key] = value;
    origins.set(`headers.${key}`, isScalar(yaml.get(section, 'value')) ? yaml.origin(yaml.get(section, 'value')) : built);
  } else {
    yaml.fail(yaml.get(map, 'type'), `authentication type "${type}" is not supported`, 'use basic, bearer or apiKey');
  }
  return url;
}
