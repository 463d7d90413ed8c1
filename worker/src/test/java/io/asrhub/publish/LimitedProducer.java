package io.asrhub.publish;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * A MockProducer with a record size limit, refusing larger records as KafkaProducer does
 * (the future and callback fail with RecordTooLargeException, and a transaction can then only be
 * aborted). Records it accepts are acknowledged at once.
 */
public final class LimitedProducer extends MockProducer<String, byte[]> {
    private final int maxBytes;
    public int refused;

    public LimitedProducer(int maxBytes) {
        super(true, null, new StringSerializer(), new ByteArraySerializer());
        this.maxBytes = maxBytes;
    }

    @Override
    public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> r, Callback callback) {
        int size = (r.key() == null ? 0 : r.key().length()) + (r.value() == null ? 0 : r.value().length);
        if (size <= maxBytes) {
            return super.send(r, callback);
        }
        refused++;
        RecordTooLargeException e = new RecordTooLargeException("The message is " + size
                + " bytes when serialized which is larger than " + maxBytes);
        if (transactionInFlight()) {
            commitTransactionException = new KafkaException("Cannot execute transactional method because we are "
                    + "in an error state", e);
        }
        if (callback != null) {
            callback.onCompletion(null, e);
        }
        return CompletableFuture.failedFuture(e);
    }

    @Override
    public synchronized void abortTransaction() {
        super.abortTransaction();
        commitTransactionException = null;
    }
}
