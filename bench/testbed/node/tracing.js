'use strict';
// Loaded with `node --require ./tracing.js` before the service, as OpenTelemetry's Node docs say: the SDK
// with the http, express and pino instrumentations. Spans go to a JSON-lines file (TESTBED_SPANS), the
// test bed's ground truth; pino records get the active span's trace_id and span_id.
const fs = require('node:fs');
const { NodeSDK } = require('@opentelemetry/sdk-node');
const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace');
const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
const { ExpressInstrumentation } = require('@opentelemetry/instrumentation-express');
const { PinoInstrumentation } = require('@opentelemetry/instrumentation-pino');

/** A SpanExporter writing one JSON object per finished span, with ids, kind, times in ns and status. */
class JsonLinesSpanExporter {
  constructor(file) {
    this.fd = fs.openSync(file, 'a');
  }

  export(spans, resultCallback) {
    const lines = spans.map((span) => {
      const context = span.spanContext();
      const resource = span.resource.attributes;
      return JSON.stringify({
        traceId: context.traceId,
        spanId: context.spanId,
        parentSpanId: span.parentSpanContext ? span.parentSpanContext.spanId : null,
        name: span.name,
        kind: span.kind,
        startTimeUnixNano: nanos(span.startTime),
        endTimeUnixNano: nanos(span.endTime),
        status: span.status,
        service: resource['service.name'],
        instance: resource['service.instance.id'],
        scope: span.instrumentationScope.name,
        attributes: span.attributes,
      });
    });
    fs.writeSync(this.fd, lines.map((line) => line + '\n').join(''));
    resultCallback({ code: 0 });
  }

  shutdown() {
    fs.closeSync(this.fd);
    return Promise.resolve();
  }

  forceFlush() {
    return Promise.resolve();
  }
}

function nanos([seconds, nanoseconds]) {
  return (BigInt(seconds) * 1000000000n + BigInt(nanoseconds)).toString();
}

const sdk = new NodeSDK({
  spanProcessors: [new BatchSpanProcessor({ exporter: new JsonLinesSpanExporter(process.env.TESTBED_SPANS) })],
  instrumentations: [
    new HttpInstrumentation(),
    new ExpressInstrumentation(),
    // records keep going to the service's own log; no copy to the OpenTelemetry logs SDK
    new PinoInstrumentation({ disableLogSending: true }),
  ],
});
sdk.start();

// Stopped by PID with SIGTERM: flush the spans, then exit.
process.on('SIGTERM', () => {
  sdk.shutdown().finally(() => process.exit(0));
});
