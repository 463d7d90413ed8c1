package io.asrhub.pieces;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends a split's records from the job thread that produces them, so each piece leaves as soon as it
 * is cut instead of all pieces waiting in memory for the poll thread. At most {@value #IN_FLIGHT}
 * sends are unacknowledged at a time (about 4 MB of WAV pieces): the splitter's memory stays
 * bounded however long the recording is. Any failure is transient for the job: it is split again
 * later under a new split id, and the stitcher counts the pieces of both splits.
 */
public final class PieceSender {
    static final int IN_FLIGHT = 4;

    private final Producer<String, byte[]> producer;
    private final Duration ackTimeout;
    private final ArrayDeque<Future<RecordMetadata>> pending = new ArrayDeque<>();

    /** {@code producer} must not be transactional: these sends belong to no transaction. */
    public PieceSender(Producer<String, byte[]> producer, Duration ackTimeout) {
        this.producer = producer;
        this.ackTimeout = ackTimeout;
    }

    /** A sender for one split (not shared between threads); the producer is. */
    public PieceSender forOneSplit() {
        return new PieceSender(producer, ackTimeout);
    }

    /** Sends and waits for the broker's acknowledgement (the manifest, before any piece). */
    public void sendNow(ProducerRecord<String, byte[]> record) throws AsrException {
        send(record);
        awaitAll();
    }

    /** Sends, first waiting for the oldest send when {@value #IN_FLIGHT} are unacknowledged. */
    public void send(ProducerRecord<String, byte[]> record) throws AsrException {
        while (pending.size() >= IN_FLIGHT) {
            await(pending.poll());
        }
        try {
            pending.add(producer.send(record));
        } catch (RuntimeException e) {
            throw failed(e);
        }
    }

    public void awaitAll() throws AsrException {
        while (!pending.isEmpty()) {
            await(pending.poll());
        }
    }

    private void await(Future<RecordMetadata> send) throws AsrException {
        try {
            send.get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AsrException(ErrorCode.INTERRUPTED, "interrupted while publishing pieces");
        } catch (ExecutionException e) {
            throw failed(e.getCause());
        } catch (TimeoutException e) {
            throw new AsrException(ErrorCode.IO_ERROR, "a piece was not acknowledged within " + ackTimeout.toSeconds()
                    + " s; the job is split again later");
        }
    }

    private static AsrException failed(Throwable cause) {
        return new AsrException(ErrorCode.IO_ERROR, "publishing pieces failed (" + cause.getClass().getSimpleName()
                + "); the job is split again later", cause);
    }
}
