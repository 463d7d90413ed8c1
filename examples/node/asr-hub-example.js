#!/usr/bin/env node
// Submit one audio file to asr-hub and print its transcript (Node producer and consumer).
//
//   npm ci && node asr-hub-example.js --bootstrap localhost:9092 speech.wav
//
// Records use Avro single-object encoding: the 10-byte header (C3 01 + the schema's CRC-64-AVRO
// fingerprint, little-endian) is taken from ../schema-headers.json, the fingerprint Java's Avro
// computes, so the workers recognise the writer schema; avsc encodes the body.
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const avro = require('avsc');
const { Kafka, logLevel } = require('kafkajs');

const HEADERS = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'schema-headers.json'), 'utf8'));
const SCHEMAS = path.join(__dirname, '..', '..', 'schemas');
// Lanes by duration, as the Java submitter chooses them (lanes.medium-from-ms / lanes.large-from-ms).
const MEDIUM_FROM_MS = 30000;
const LARGE_FROM_MS = 300000;

function options(argv) {
  const o = { bootstrap: 'localhost:9092', small: 'asr.jobs.small', medium: 'asr.jobs.medium',
    large: 'asr.jobs.large', results: 'asr.transcripts', timeout: '120', file: null };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith('--')) o[argv[i].slice(2)] = argv[++i];
    else o.file = argv[i];
  }
  if (!o.file) throw new Error('usage: asr-hub-example.js [--bootstrap HOST:PORT] [--results TOPIC] FILE');
  return o;
}

function type(name) {
  // timestamp-millis stays a plain long (epoch milliseconds): avsc ignores logical types it does not know.
  return avro.Type.forSchema(JSON.parse(fs.readFileSync(path.join(SCHEMAS, name + '.avsc'), 'utf8')));
}

function encode(t, headerHex, value) {
  return Buffer.concat([Buffer.from(headerHex, 'hex'), t.toBuffer(value)]);
}

function decode(t, headerHex, buffer) {
  const header = Buffer.from(headerHex, 'hex');
  if (!buffer.subarray(0, header.length).equals(header)) {
    throw new Error('not a TranscriptResult of the known schema version: header ' + buffer.subarray(0, 10).toString('hex'));
  }
  return t.fromBuffer(buffer.subarray(header.length));
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
  const jobType = type('AudioJob');
  const resultType = type('TranscriptResult');
  const data = fs.readFileSync(o.file);
  const durationMs = wavDurationMs(data);
  const lane = durationMs === null || durationMs < MEDIUM_FROM_MS ? o.small
    : durationMs < LARGE_FROM_MS ? o.medium : o.large;
  const jobId = crypto.randomUUID();
  const job = {
    jobId,
    submittedAtMs: Date.now(),
    audio: { 'io.asrhub.schema.InlineAudio': { data } }, // union of two records: avsc wants the branch named
    contentType: 'audio/wav',
    byteSize: data.length,
    durationMs,
    languageHint: null,
    providerHint: null,
    wordTimestamps: false,
    attributes: { file: path.basename(o.file), producer: 'node-example' },
  };

  const kafka = new Kafka({ clientId: 'asr-hub-node-example', brokers: o.bootstrap.split(','), logLevel: logLevel.WARN });
  // Join first and position every results partition at its current end before publishing, so the
  // transcript cannot slip past.
  const consumer = kafka.consumer({ groupId: 'asr-hub-node-' + jobId, readUncommitted: false });
  await consumer.connect();
  await consumer.subscribe({ topics: [o.results], fromBeginning: false });
  const joined = new Promise((resolve) => consumer.on(consumer.events.GROUP_JOIN, resolve));
  let settle;
  const transcript = new Promise((resolve) => { settle = resolve; });
  await consumer.run({
    eachMessage: async ({ message }) => {
      if (message.key && message.key.toString() === jobId) settle(decode(resultType, HEADERS.TranscriptResult, message.value));
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
  await producer.send({ topic: lane, acks: -1, messages: [{ key: jobId, value: encode(jobType, HEADERS.AudioJob, job) }] });
  await producer.disconnect();
  console.error(`submitted ${o.file} -> ${lane} (job ${jobId})`);

  let timer;
  const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve(null), Number(o.timeout) * 1000); });
  const result = await Promise.race([transcript, timeout]);
  clearTimeout(timer);
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
