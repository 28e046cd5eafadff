// The OTLP trace schema (opentelemetry-proto v1: common, resource, trace, collector/trace), written
// out from the spec's field numbers and parsed once by protobufjs. Only the messages tbt needs.
import { createRequire } from 'node:module';
import type * as Protobuf from 'protobufjs';

// Field numbers follow opentelemetry-proto's trace.proto, common.proto, resource.proto and
// collector/trace/v1/trace_service.proto. `instrumentation_library_spans = 1000` is the field
// pre-1.0 senders used; InstrumentationLibrarySpans is wire-compatible with ScopeSpans.
const OTLP_TRACE_PROTO = `
syntax = "proto3";
package opentelemetry.proto;

message AnyValue {
  oneof value {
    string string_value = 1;
    bool bool_value = 2;
    int64 int_value = 3;
    double double_value = 4;
    ArrayValue array_value = 5;
    KeyValueList kvlist_value = 6;
    bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue { string key = 1; AnyValue value = 2; }
message InstrumentationScope {
  string name = 1;
  string version = 2;
  repeated KeyValue attributes = 3;
  uint32 dropped_attributes_count = 4;
}
message Resource {
  repeated KeyValue attributes = 1;
  uint32 dropped_attributes_count = 2;
}
message ResourceSpans {
  Resource resource = 1;
  repeated ScopeSpans scope_spans = 2;
  string schema_url = 3;
  repeated ScopeSpans instrumentation_library_spans = 1000;
}
message ScopeSpans {
  InstrumentationScope scope = 1;
  repeated Span spans = 2;
  string schema_url = 3;
}
message Span {
  bytes trace_id = 1;
  bytes span_id = 2;
  string trace_state = 3;
  bytes parent_span_id = 4;
  fixed32 flags = 16;
  string name = 5;
  enum SpanKind {
    SPAN_KIND_UNSPECIFIED = 0;
    SPAN_KIND_INTERNAL = 1;
    SPAN_KIND_SERVER = 2;
    SPAN_KIND_CLIENT = 3;
    SPAN_KIND_PRODUCER = 4;
    SPAN_KIND_CONSUMER = 5;
  }
  SpanKind kind = 6;
  fixed64 start_time_unix_nano = 7;
  fixed64 end_time_unix_nano = 8;
  repeated KeyValue attributes = 9;
  uint32 dropped_attributes_count = 10;
  message Event {
    fixed64 time_unix_nano = 1;
    string name = 2;
    repeated KeyValue attributes = 3;
    uint32 dropped_attributes_count = 4;
  }
  repeated Event events = 11;
  uint32 dropped_events_count = 12;
  message Link {
    bytes trace_id = 1;
    bytes span_id = 2;
    string trace_state = 3;
    repeated KeyValue attributes = 4;
    uint32 dropped_attributes_count = 5;
    fixed32 flags = 6;
  }
  repeated Link links = 13;
  uint32 dropped_links_count = 14;
  Status status = 15;
}
message Status {
  reserved 1;
  string message = 2;
  enum StatusCode {
    STATUS_CODE_UNSET = 0;
    STATUS_CODE_OK = 1;
    STATUS_CODE_ERROR = 2;
  }
  StatusCode code = 3;
}
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ExportTracePartialSuccess { int64 rejected_spans = 1; string error_message = 2; }
message ExportTraceServiceResponse { ExportTracePartialSuccess partial_success = 1; }
`;

// Parsed on first use: protobufjs takes a third of a second to load, and most commands never
// meet a protobuf body.
let types: { readonly request: Protobuf.Type; readonly response: Protobuf.Type } | undefined;
function otlpTypes(): { readonly request: Protobuf.Type; readonly response: Protobuf.Type } {
  if (types === undefined) {
    const protobuf = createRequire(import.meta.url)('protobufjs') as typeof Protobuf;
    const root = protobuf.parse(OTLP_TRACE_PROTO, { keepCase: false }).root;
    types = {
      request: root.lookupType('opentelemetry.proto.ExportTraceServiceRequest'),
      response: root.lookupType('opentelemetry.proto.ExportTraceServiceResponse'),
    };
  }
  return types;
}

/** `ExportTraceServiceRequest` (field-compatible with `TracesData`, what file exporters write). */
export const exportTraceServiceRequestType = (): Protobuf.Type => otlpTypes().request;

/** `ExportTraceServiceResponse`, with its optional partial success. */
export const exportTraceServiceResponseType = (): Protobuf.Type => otlpTypes().response;

/** The gRPC method path of `opentelemetry.proto.collector.trace.v1.TraceService/Export`. */
export const TRACE_SERVICE_EXPORT_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';
