'use strict';
// Stock and reservations (express, pino). Exercises: a Node service in a Java call graph, log lines that
// carry the ids pino's instrumentation took from the active span, a call to ledger made from some lookups,
// not-found answers, and a reservation that calls ledger and logs before and after it, with one message
// logged twice in a row.
const http = require('node:http');
const express = require('express');
const pino = require('pino');

const log = pino({ base: { name: 'inventory', hostname: process.env.TESTBED_INSTANCE } },
  pino.destination({ dest: process.env.TESTBED_LOG, sync: false }));
const ledgerPort = Number(process.env.PORT_LEDGER);

function callLedger(method, path) {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port: ledgerPort, method, path, timeout: 5000 }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode));
    });
    request.on('error', reject);
    request.on('timeout', () => request.destroy(new Error('ledger timed out')));
    request.end();
  });
}

function stockOf(id) {
  let hash = 0;
  for (const c of id) hash = (hash * 31 + c.charCodeAt(0)) | 0;
  return Math.abs(hash) % 50;
}

const app = express();

app.get('/stock/:id', async (req, res) => {
  const id = req.params.id;
  const stock = stockOf(id);
  if (stock === 0) {
    log.warn({ item: id }, `no stock record for ${id}`);
    res.status(404).json({ id, error: 'unknown item' });
    return;
  }
  log.info({ item: id }, `stock lookup ${id}`);
  if (stock % 4 === 0) {
    const status = await callLedger('GET', `/ledger/${id}`);
    log.info({ item: id, status }, `ledger history for ${id} answered ${status}`);
  }
  res.json({ id, stock });
});

app.post('/reserve/:id', async (req, res) => {
  const id = req.params.id;
  log.info({ item: id }, `reserving ${id}`);
  // one line per warehouse row locked: the same message twice, usually in the same millisecond, two real events
  for (let row = 0; row < 2; row++) log.info({ item: id }, 'stock row locked');
  try {
    const status = await callLedger('POST', `/entries/${id}`);
    if (status >= 400) {
      log.error({ item: id, status }, `reservation of ${id} failed: ledger answered ${status}`);
      res.status(502).json({ id, error: 'ledger' });
      return;
    }
    log.info({ item: id }, `reserved ${id}`);
    res.json({ id, reserved: true });
  } catch (err) {
    log.error({ err, item: id }, `reservation of ${id} failed`);
    res.status(502).json({ id, error: err.message });
  }
});

const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => {
  log.info(`inventory listening on 127.0.0.1:${process.env.PORT}`);
});
process.on('SIGTERM', () => server.close());
