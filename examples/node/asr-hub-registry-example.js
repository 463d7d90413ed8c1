#!/usr/bin/env node
// Submit one audio file to asr-hub in the schema-registry wire format and print its transcript.
//
//   npm ci && node asr-hub-registry-example.js --bootstrap localhost:9092 \
//       --registry http://localhost:8080/apis/ccompat/v7 speech.wav
//
// The same job as asr-hub-example.js, but through a schema registry's Confluent-compatible API with
// @kafkajs/confluent-schema-registry: the AudioJob schema is registered under `<lane topic>-value`,
// the job travels as 00 + 4-byte schema id + Avro body, and the transcript is decoded by fetching
// its writer schema by id. Workers read this format whatever records.format says (when
// records.registry.url is set); they answer in it with records.format: registry (docs/schemas.md).
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { Kafka, logLevel } = require('kafkajs');
const { SchemaRegistry, SchemaType } = require('@kafkajs/confluent-schema-registry');

const SCHEMAS = path.join(__dirname, '..', '..', 'schemas');
const MEDIUM_FROM_MS = 30000; // lanes.medium-from-ms
const LARGE_FROM_MS = 300000; // lanes.large-from-ms

function options(argv) {
  const o = { bootstrap: 'localhost:9092', registry: 'http://localhost:8080/apis/ccompat/v7', small: 'asr.jobs.small',
    medium: 'asr.jobs.medium', large: 'asr.jobs.large', results: 'asr.transcripts', timeout: '120', file: null };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith('--')) o[argv[i].slice(2)] = argv[++i];
    else o.file = argv[i];
  }
  if (!o.file) throw new Error('usage: asr-hub-registry-example.js [--bootstrap HOST:PORT] [--registry URL] FILE');
  return o;
}

/** Duration of a PCM WAV file from its header, or null (the lane then falls back to small). */
function wavDurationMs(data) {
  if (data.length < 12 || data.toString('ascii', 0, 4) !== 'RIFF' || data.toString('ascii', 8, 12) !== 'WAVE') return null;
  let byteRate = 0;
  for (let at = 12; at + 8 <= data.length;) {
    const id = data.toString('ascii', at, at + 4);
    const size = data.readUInt32LE(at + 4);
    if (id === 'fmt ') byteRate = data.readUInt32LE(at + 16);
    if (id === 'data') return byteRate > 0 ? Math.floor(size * 1000 / byteRate) : null;
    at += 8 + size + (size % 2);
  }
  return null;
}

async function main() {
  const o = options(process.argv.slice(2));
  const registry = new SchemaRegistry({ host: o.registry });
  const data = fs.readFileSync(o.file);
  const durationMs = wavDurationMs(data);
  const lane = durationMs === null || durationMs < MEDIUM_FROM_MS ? o.small
    : durationMs < LARGE_FROM_MS ? o.medium : o.large;
  const { id } = await registry.register(
    { type: SchemaType.AVRO, schema: fs.readFileSync(path.join(SCHEMAS, 'AudioJob.avsc'), 'utf8') },
    { subject: lane + '-value' });
  const jobId = crypto.randomUUID();
  const job = {
    jobId,
    submittedAtMs: Date.now(), // timestamp-millis: avsc keeps it a plain long
    audio: { 'io.asrhub.schema.InlineAudio': { data } }, // union of two records: avsc wants the branch named
    contentType: 'audio/wav',
    byteSize: data.length,
    durationMs,
    languageHint: null,
    providerHint: null,
    wordTimestamps: false,
    attributes: { file: path.basename(o.file), producer: 'node-registry-example' },
  };

  const kafka = new Kafka({ clientId: 'asr-hub-node-registry-example', brokers: o.bootstrap.split(','),
    logLevel: logLevel.WARN });
  // Join first and position every results partition at its current end before publishing.
  const consumer = kafka.consumer({ groupId: 'asr-hub-node-' + jobId, readUncommitted: false });
  await consumer.connect();
  await consumer.subscribe({ topics: [o.results], fromBeginning: false });
  const joined = new Promise((resolve) => consumer.on(consumer.events.GROUP_JOIN, resolve));
  let settle;
  let fail;
  const transcript = new Promise((resolve, reject) => { settle = resolve; fail = reject; });
  await consumer.run({
    eachMessage: async ({ message }) => {
      if (message.key && message.key.toString() === jobId) {
        try {
          settle(await registry.decode(message.value)); // the writer schema is fetched by the id in the record
        } catch (e) {
          fail(new Error('transcript is not in the registry wire format or its schema is unknown: ' + e.message));
        }
      }
    },
  });
  await joined;
  const admin = kafka.admin();
  await admin.connect();
  for (const p of await admin.fetchTopicOffsets(o.results)) {
    consumer.seek({ topic: o.results, partition: p.partition, offset: p.high });
  }
  await admin.disconnect();

  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  await producer.send({ topic: lane, acks: -1, messages: [{ key: jobId, value: await registry.encode(id, job) }] });
  await producer.disconnect();
  console.error(`submitted ${o.file} -> ${lane} (job ${jobId}, schema id ${id})`);

  let timer;
  const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve(null), Number(o.timeout) * 1000); });
  const result = await Promise.race([transcript, timeout]).finally(() => clearTimeout(timer));
  await consumer.disconnect();
  if (result === null) {
    console.error(`error: no transcript within ${o.timeout} s`);
    return 2;
  }
  console.log(JSON.stringify({ jobId: result.jobId, status: result.status, text: result.text, lane: result.lane,
    errorCode: result.errorCode }));
  return result.status === 'OK' ? 0 : 1;
}

main().then((code) => process.exit(code), (e) => { console.error('error: ' + e.message); process.exit(2); });
