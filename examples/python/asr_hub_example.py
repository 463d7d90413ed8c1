#!/usr/bin/python3
"""Submit one audio file to asr-hub and print its transcript (Python producer and consumer).

Needs Debian's python3-avro and python3-confluent-kafka (apt-get install python3-avro python3-confluent-kafka).

    ./asr_hub_example.py --bootstrap localhost:9092 speech.wav

Records use Avro single-object encoding: the 10-byte header (C3 01 + the schema fingerprint) is
taken from ../schema-headers.json, NOT computed with Python's avro: Python's canonical form of the
timestamp-millis field differs from Java's, so its fingerprint would not be one the workers know.
"""
import argparse
import io
import json
import os
import sys
import time
import uuid
import wave
from datetime import datetime, timezone

import avro.io
import avro.schema
from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMAS = os.path.join(HERE, "..", "..", "schemas")
HEADERS = json.load(open(os.path.join(HERE, "..", "schema-headers.json")))
# Lanes by duration, as the Java submitter chooses them (lanes.medium-from-ms / lanes.large-from-ms).
MEDIUM_FROM_MS, LARGE_FROM_MS = 30_000, 300_000


def load_schema(name):
    with open(os.path.join(SCHEMAS, name + ".avsc")) as f:
        return avro.schema.parse(f.read())


def encode(schema, header_hex, datum):
    out = io.BytesIO()
    out.write(bytes.fromhex(header_hex))
    avro.io.DatumWriter(schema).write(datum, avro.io.BinaryEncoder(out))
    return out.getvalue()


def decode(schema, header_hex, value):
    header = bytes.fromhex(header_hex)
    if value[:len(header)] != header:
        raise ValueError("not a TranscriptResult of the known schema version: header " + value[:10].hex())
    return avro.io.DatumReader(schema).read(avro.io.BinaryDecoder(io.BytesIO(value[len(header):])))


def wav_duration_ms(path):
    try:
        with wave.open(path) as w:
            return int(w.getnframes() * 1000 / w.getframerate())
    except (wave.Error, EOFError):
        return None  # not a PCM WAV: the worker finds out; the lane falls back to small


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("file")
    p.add_argument("--bootstrap", default="localhost:9092")
    p.add_argument("--small", default="asr.jobs.small")
    p.add_argument("--medium", default="asr.jobs.medium")
    p.add_argument("--large", default="asr.jobs.large")
    p.add_argument("--results", default="asr.transcripts")
    p.add_argument("--timeout", type=float, default=120)
    args = p.parse_args()

    job_schema, result_schema = load_schema("AudioJob"), load_schema("TranscriptResult")
    with open(args.file, "rb") as f:
        data = f.read()
    duration = wav_duration_ms(args.file)
    lane = args.small if duration is None or duration < MEDIUM_FROM_MS else (
        args.medium if duration < LARGE_FROM_MS else args.large)
    job_id = str(uuid.uuid4())
    job = {
        "jobId": job_id,
        "submittedAtMs": datetime.now(timezone.utc),  # timestamp-millis: Python's avro takes a datetime
        "audio": {"data": data},                      # the InlineAudio branch of the union
        "contentType": "audio/wav",
        "byteSize": len(data),
        "durationMs": duration,
        "languageHint": None,
        "providerHint": None,
        "wordTimestamps": False,
        "attributes": {"file": os.path.basename(args.file), "producer": "python-example"},
    }

    # Fix the read position on every results partition before publishing (like the Java ResultReader),
    # so the transcript cannot slip past; no consumer group is joined.
    consumer = Consumer({"bootstrap.servers": args.bootstrap, "group.id": "asr-hub-python-example",
                         "isolation.level": "read_committed", "enable.auto.commit": False})
    deadline = time.monotonic() + args.timeout
    partitions = consumer.list_topics(args.results, timeout=30).topics[args.results].partitions
    consumer.assign([TopicPartition(args.results, p, consumer.get_watermark_offsets(
        TopicPartition(args.results, p), timeout=30)[1]) for p in partitions])

    producer = Producer({"bootstrap.servers": args.bootstrap, "enable.idempotence": True,
                         "message.max.bytes": 16 * 1024 * 1024})
    producer.produce(lane, key=job_id.encode(), value=encode(job_schema, HEADERS["AudioJob"], job))
    if producer.flush(30) != 0:
        sys.exit("error: job not delivered to " + args.bootstrap)
    print("submitted %s -> %s (job %s)" % (args.file, lane, job_id), file=sys.stderr)

    try:
        while time.monotonic() < deadline:
            msg = consumer.poll(0.5)
            if msg is None:
                continue
            if msg.error():
                raise KafkaException(msg.error())
            if msg.key() != job_id.encode():
                continue
            result = decode(result_schema, HEADERS["TranscriptResult"], msg.value())
            print(json.dumps({"jobId": result["jobId"], "status": result["status"], "text": result["text"],
                              "lane": result.get("lane"), "errorCode": result.get("errorCode")}))
            return 0 if result["status"] == "OK" else 1
        print("error: no transcript within %.0f s" % args.timeout, file=sys.stderr)
        return 2
    finally:
        consumer.close()


if __name__ == "__main__":
    sys.exit(main())
