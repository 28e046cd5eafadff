// Fires a unary gRPC call described by a .proto file, carrying tbt's trace context in the
// `traceparent` metadata, and records the reply on the root span. Streaming calls are refused.
import path from 'node:path';
import { createRequire } from 'node:module';
import type * as Grpc from '@grpc/grpc-js';
import type * as Protobuf from 'protobufjs';
import { describeJsonSyntax } from '../common/index.ts';
import { TbtError, type Attributes, type GrpcTrigger, type JsonValue } from '../model/index.ts';
import type { TriggerResult } from './http-trigger.ts';
import { traceparentFor } from './ids.ts';
import { makeRootSpan, nowUnixNano, type TriggerContext } from './root-span.ts';

// grpc-js and protobufjs load on the first gRPC trigger: most runs fire none.
const requireLazily = createRequire(import.meta.url);
const grpcJs = (): typeof Grpc => requireLazily('@grpc/grpc-js') as typeof Grpc;
const protobufJs = (): typeof Protobuf => requireLazily('protobufjs') as typeof Protobuf;

/** Bodies past this are cut on the root span, as for HTTP triggers. */
const MAX_RECORDED_BODY_CHARS = 64 * 1024;

/**
 * Proto3 JSON with default values filled in, so that a zero or an empty list still shows in the
 * body's shape instead of the field vanishing (what grpcurl prints with `-emit-defaults`).
 */
const RESPONSE_JSON: Protobuf.IConversionOptions = { longs: String, enums: String, bytes: String, defaults: true, json: true };

interface ResolvedMethod {
  readonly protoFile: string;
  readonly service: string;
  readonly method: string;
  readonly requestType: Protobuf.Type;
  readonly responseType: Protobuf.Type;
}

interface CallOutcome {
  readonly code: Grpc.status;
  readonly details: string;
  readonly response?: Buffer;
  readonly metadata: Record<string, string>;
}

export async function fireGrpcTrigger(
  trigger: GrpcTrigger,
  context: TriggerContext,
  options: { timeoutMs: number; cwd: string; signal?: AbortSignal },
): Promise<TriggerResult> {
  const resolved = await resolveMethod(trigger, options.cwd);
  const request = encodeRequest(resolved, trigger.request);
  const metadata = new (grpcJs()).Metadata();
  for (const [key, value] of Object.entries(trigger.metadata)) {
    const lower = key.toLowerCase();
    try {
      // gRPC carries `-bin` keys as bytes; YAML can only hold text, so they are written in base64.
      if (lower.endsWith('-bin')) metadata.set(lower, Buffer.from(value, 'base64'));
      else metadata.set(lower, value);
    } catch (error) {
      throw new TbtError('input', `the gRPC metadata ${JSON.stringify(key)} cannot be sent: ${messageOf(error)}`);
    }
  }
  // Set last, so that tbt's trace context wins over a traceparent copied into the test.
  metadata.set('traceparent', traceparentFor(context.traceId, context.rootSpanId));

  const fullMethod = `${resolved.service}/${resolved.method}`;
  const start = nowUnixNano();
  const startedMs = performance.now();
  const outcome = await call(trigger.address, `/${fullMethod}`, request, metadata, options.timeoutMs, options.signal);
  const end = nowUnixNano();
  if (options.signal?.aborted) throw new TbtError('unavailable', `the trigger ${fullMethod} at ${trigger.address} was interrupted`);
  const codeName = grpcJs().status[outcome.code] ?? String(outcome.code);
  // Our own deadline (a few ms of timer slack allowed) means no answer; a server may also
  // return DEADLINE_EXCEEDED for its own reasons, and that is an answer to record.
  const timedOut = outcome.code === grpcJs().status.DEADLINE_EXCEEDED && performance.now() - startedMs + 5 >= options.timeoutMs;
  if (outcome.code === grpcJs().status.UNAVAILABLE || timedOut) {
    throw new TbtError('unavailable', `the trigger ${fullMethod} at ${trigger.address} failed: ${codeName}: ${outcome.details}`, {
      hint: 'is the system under test running, and is the address right?',
    });
  }

  let body = '';
  if (outcome.response !== undefined) {
    let decoded: Protobuf.Message;
    try {
      decoded = resolved.responseType.decode(outcome.response);
    } catch (error) {
      throw new TbtError('input', `the reply of ${fullMethod} does not decode as ${typeName(resolved.responseType)}: ${messageOf(error)}`, {
        location: { file: resolved.protoFile },
        hint: 'does the .proto file match the server?',
      });
    }
    body = JSON.stringify(resolved.responseType.toObject(decoded, RESPONSE_JSON));
  }
  const attributes: Attributes = {
    'rpc.system': 'grpc',
    'rpc.service': resolved.service,
    'rpc.method': resolved.method,
    'rpc.grpc.status_code': outcome.code,
    'tbt.response.body': body.length > MAX_RECORDED_BODY_CHARS ? body.slice(0, MAX_RECORDED_BODY_CHARS) : body,
    'tbt.response.headers': outcome.metadata,
  };
  return {
    summary: `${fullMethod} → ${codeName}`,
    rootSpan: makeRootSpan(context, {
      name: `trigger grpc ${fullMethod}`,
      kind: 'client',
      startTimeUnixNano: start,
      endTimeUnixNano: end,
      attributes,
      status:
        outcome.code === grpcJs().status.OK
          ? { code: 'unset' }
          : { code: 'error', message: outcome.details === '' ? codeName : `${codeName}: ${outcome.details}` },
    }),
  };
}

/** Loads the .proto file and finds `package.Service/Method` in it, or says what it does hold. */
async function resolveMethod(trigger: GrpcTrigger, cwd: string): Promise<ResolvedMethod> {
  const protoFile = path.resolve(cwd, trigger.protoFile);
  const fail = (message: string, hint?: string, line?: number): never => {
    throw new TbtError('input', message, {
      location: line === undefined ? { file: protoFile } : { file: protoFile, line },
      ...(hint === undefined ? {} : { hint }),
    });
  };
  const match = /^\/?([\w.]+)[/.](\w+)$/.exec(trigger.method.trim());
  if (match === null || match[1] === undefined || match[2] === undefined) {
    return fail(`the gRPC method ${JSON.stringify(trigger.method)} is not of the form package.Service/Method`);
  }
  const [, serviceName, methodName] = match;

  let root: Protobuf.Root;
  try {
    root = await protobufJs().load(protoFile);
    root.resolveAll();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return fail(`the proto file ${protoFile} does not exist`, `a relative protoFile is resolved from ${cwd}`);
    const line = /\bline (\d+)\b/.exec(messageOf(error))?.[1];
    return fail(`the proto file ${protoFile} cannot be loaded: ${messageOf(error)}`, undefined, line === undefined ? undefined : Number(line));
  }

  const found = root.lookup(serviceName);
  if (!(found instanceof protobufJs().Service)) {
    const services = listServices(root);
    return fail(
      `the proto file has no service ${serviceName}`,
      services.length === 0 ? 'it declares no service at all' : `it declares: ${services.join(', ')}`,
    );
  }
  const method = found.methods[methodName];
  if (method === undefined) {
    return fail(`the service ${serviceName} has no method ${methodName}`, `its methods: ${Object.keys(found.methods).join(', ') || 'none'}`);
  }
  if (method.requestStream === true || method.responseStream === true) {
    return fail(`${serviceName}/${methodName} is a streaming method; tbt fires unary calls only`);
  }
  method.resolve();
  const requestType = method.resolvedRequestType;
  const responseType = method.resolvedResponseType;
  if (requestType === null || responseType === null) return fail(`the message types of ${serviceName}/${methodName} cannot be resolved`);
  return { protoFile, service: typeName(found), method: methodName, requestType, responseType };
}

/** Checks the JSON request against the message type (unknown fields are errors, not dropped), then encodes it. */
function encodeRequest(resolved: ResolvedMethod, request: JsonValue): Buffer {
  let value: JsonValue = request === null ? {} : request;
  // Tracetest writes the request as JSON text; tbt tests may write it as YAML data.
  if (typeof value === 'string') {
    const text = value;
    try {
      value = text.trim() === '' ? {} : (JSON.parse(text) as JsonValue);
    } catch (error) {
      // The request holds the test's expanded variables: never quote it.
      throw new TbtError('input', `the gRPC request is not valid JSON: ${describeJsonSyntax(text, messageOf(error)).reason}`);
    }
  }
  const fail = (problem: string): never => {
    throw new TbtError('input', `the gRPC request for ${resolved.service}/${resolved.method}: ${problem}`, {
      location: { file: resolved.protoFile },
    });
  };
  const object = toProtobufObject(resolved.requestType, value, 'request', fail);
  try {
    const message = resolved.requestType.fromObject(object);
    return Buffer.from(resolved.requestType.encode(message).finish());
  } catch (error) {
    return fail(messageOf(error));
  }
}

/**
 * Proto3 JSON accepts a field by its JSON name (`cartId`) or its proto name (`cart_id`); protobufjs
 * knows only the camelCase one and silently drops anything else, so keys are mapped here.
 */
function toProtobufObject(
  type: Protobuf.Type,
  value: JsonValue,
  where: string,
  fail: (problem: string) => never,
): { [key: string]: JsonValue } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(`${where} must be an object (a ${typeName(type)} message)`);
  }
  const out: { [key: string]: JsonValue } = {};
  for (const [key, child] of Object.entries(value)) {
    const name = type.fields[key] !== undefined ? key : protobufJs().util.camelCase(key);
    const field = type.fields[name];
    if (field === undefined) {
      return fail(`${where} has no field ${JSON.stringify(key)} (${typeName(type)} has: ${Object.keys(type.fields).join(', ') || 'no fields'})`);
    }
    out[name] = convertField(field, child, `${where}.${key}`, fail);
  }
  return out;
}

function convertField(field: Protobuf.Field, value: JsonValue, where: string, fail: (problem: string) => never): JsonValue {
  const type = field.resolvedType;
  // Well-known types have their own JSON forms; protobufjs interprets those itself.
  if (!(type instanceof protobufJs().Type) || typeName(type).startsWith('google.protobuf.') || value === null) return value;
  if (field.map) {
    if (typeof value !== 'object' || Array.isArray(value)) return fail(`${where} must be an object (a map)`);
    const out: { [key: string]: JsonValue } = {};
    for (const [key, entry] of Object.entries(value)) out[key] = toProtobufObject(type, entry, `${where}.${key}`, fail);
    return out;
  }
  if (field.repeated) {
    if (!Array.isArray(value)) return fail(`${where} must be a list`);
    return value.map((entry, index) => toProtobufObject(type, entry, `${where}[${index}]`, fail));
  }
  return toProtobufObject(type, value, where, fail);
}

/** Makes one unary call and settles with its status, whatever it is; only a bad address throws. */
function call(address: string, methodPath: string, request: Buffer, metadata: Grpc.Metadata, timeoutMs: number, signal?: AbortSignal): Promise<CallOutcome> {
  const { target, credentials } = parseAddress(address);
  let client: Grpc.Client;
  try {
    client = new (grpcJs()).Client(target, credentials);
  } catch (error) {
    throw new TbtError('input', `the gRPC address ${JSON.stringify(address)} is not valid: ${messageOf(error)}`, {
      hint: 'write host:port, or https://host:port for TLS',
    });
  }
  return new Promise<CallOutcome>((resolve) => {
    const received: Record<string, string> = {};
    const keep = (source: Grpc.Metadata): void => {
      for (const [key, value] of Object.entries(source.getMap())) {
        received[key] = typeof value === 'string' ? value : Buffer.from(value).toString('base64');
      }
    };
    let answer: { code: Grpc.status; details: string; response?: Buffer } | undefined;
    const unary = client.makeUnaryRequest<Buffer, Buffer>(
      methodPath,
      (value) => value,
      (value) => value,
      request,
      metadata,
      { deadline: new Date(Date.now() + timeoutMs) },
      (error, value) => {
        // The callback, not the status event, knows that an OK without a message is UNIMPLEMENTED.
        answer = error === null || error === undefined
          ? { code: grpcJs().status.OK, details: '', ...(value === undefined ? {} : { response: value }) }
          : { code: error.code, details: error.details };
      },
    );
    // Cancelling ends the call with CANCELLED through the same status event.
    if (signal?.aborted) unary.cancel();
    else signal?.addEventListener('abort', () => unary.cancel(), { once: true });
    unary.on('metadata', keep);
    unary.on('status', (status: Grpc.StatusObject) => {
      keep(status.metadata);
      client.close();
      // grpc-js calls the unary callback before it emits status, so `answer` is set by now.
      resolve({ ...(answer ?? { code: status.code, details: status.details }), metadata: received });
    });
  });
}

/** `host:port` and `http://host:port` are plaintext; `https://` and `grpcs://` use TLS. */
function parseAddress(address: string): { target: string; credentials: Grpc.ChannelCredentials } {
  const match = /^(https?|grpcs?):\/\/(.*?)\/?$/i.exec(address.trim());
  if (match === null || match[1] === undefined || match[2] === undefined) {
    return { target: address.trim(), credentials: grpcJs().credentials.createInsecure() };
  }
  const secure = match[1].toLowerCase() === 'https' || match[1].toLowerCase() === 'grpcs';
  return { target: match[2], credentials: secure ? grpcJs().credentials.createSsl() : grpcJs().credentials.createInsecure() };
}

function listServices(namespace: Protobuf.NamespaceBase): string[] {
  const names: string[] = [];
  for (const nested of namespace.nestedArray) {
    if (nested instanceof protobufJs().Service) names.push(typeName(nested));
    else if (nested instanceof protobufJs().Namespace || nested instanceof protobufJs().Type) names.push(...listServices(nested));
  }
  return names;
}

/** `.shop.v1.Checkout` → `shop.v1.Checkout`, as gRPC paths and rpc.service spell it. */
function typeName(object: Protobuf.ReflectionObject): string {
  return object.fullName.replace(/^\./, '');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
