'use strict';
// The ledger (express): its only log is an access log, pino-http's one JSON line per request, with the
// trace_id and span_id pino's instrumentation adds. Some entries fail with 500.
const express = require('express');
const pino = require('pino');
const pinoHttp = require('pino-http');

const accessLog = pino({ base: { name: 'ledger', hostname: process.env.TESTBED_INSTANCE } },
  pino.destination({ dest: process.env.TESTBED_LOG, sync: false }));
const failureRate = Number(process.env.LEDGER_FAILURE_RATE || '0.05');

const app = express();
app.use(pinoHttp({ logger: accessLog, quietReqLogger: true }));

app.get('/ledger/:id', (req, res) => {
  setTimeout(() => res.json({ id: req.params.id, entries: 3 }), 1 + Math.floor(Math.random() * 4));
});

app.post('/entries/:id', (req, res) => {
  setTimeout(() => {
    if (Math.random() < failureRate) {
      res.status(500).json({ error: 'ledger write conflict' });
    } else {
      res.status(201).json({ id: req.params.id });
    }
  }, 2 + Math.floor(Math.random() * 8));
});

const server = app.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close());
