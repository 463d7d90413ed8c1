package io.asrhub.group;

import io.asrhub.kafka.WorkerSettings;
import io.asrhub.offsets.OffsetTracker;
import io.asrhub.publish.AtLeastOncePublisher;
import io.asrhub.publish.ResultPublisher;
import io.asrhub.publish.RetryPolicy;
import io.asrhub.publish.TransactionalPublisher;
import io.asrhub.records.Lane;
import io.asrhub.worker.JobSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Jobs from one consumer group over all lanes (and the pieces topic when long jobs are split):
 * one member per partition, back-pressure by pausing partitions with queued jobs while polling
 * on (so a long job never costs the membership), assignment epochs, offsets committed up to the
 * first unfinished record — in a transaction with the results in exactly-once mode.
 */
public final class GroupSource implements JobSource {
    private final WorkerSettings settings;
    private final String piecesTopic;
    private final Consumer<String, byte[]> consumer;
    private final OffsetTracker offsets = new OffsetTracker();
    private final ResultPublisher publisher;
    private final LaneLag lag;
    private final GroupClients clients;
    private final List<KafkaClientMetrics> clientMetrics;
    private final Producer<String, byte[]> producer;
    private Rebalance rebalance;
    private PartitionPauser pauser;
    private long lastCommitNanos = System.nanoTime();

    /** @param piecesTopic the pieces topic this worker also consumes, or null */
    public GroupSource(WorkerSettings settings, String piecesTopic, Consumer<String, byte[]> consumer,
                       Producer<String, byte[]> producer, MeterRegistry registry) {
        this.settings = settings;
        this.piecesTopic = piecesTopic;
        this.consumer = consumer;
        this.producer = producer;
        RetryPolicy retry = new RetryPolicy(settings.publishAttempts(), settings.retryBackoff(),
                settings.retryBackoffMax());
        this.publisher = settings.exactlyOnce() ? new TransactionalPublisher(producer, consumer, offsets, retry)
                : new AtLeastOncePublisher(producer, new GroupLedger(consumer, offsets), retry);
        this.lag = new LaneLag(settings.topics());
        this.clients = new GroupClients(consumer, publisher);
        // Kafka's own client metrics (lag, fetch and request rates), as Micrometer meters.
        this.clientMetrics = List.of(new KafkaClientMetrics(consumer), new KafkaClientMetrics(producer));
        clientMetrics.forEach(m -> m.bindTo(registry));
    }

    @Override
    public void open(Pipeline pipeline) {
        this.rebalance = new Rebalance(offsets, pipeline, publisher, settings);
        this.pauser = new PartitionPauser(consumer, pipeline, settings.maxQueuedPerPartition());
        List<String> topics = new ArrayList<>(settings.topics().lanes());
        if (piecesTopic != null) {
            topics.add(piecesTopic);
        }
        consumer.subscribe(topics, rebalance);
    }

    @Override
    public List<Fetched> poll(Duration timeout, boolean running) {
        List<Fetched> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
            if (!running) {
                continue; // stopping: left unfinished, so never committed past; the next owner reads it
            }
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            long epoch = offsets.epoch(tp);
            offsets.fetched(tp, epoch, r.offset());
            Lane lane = r.topic().equals(piecesTopic) ? null : settings.topics().laneOf(r.topic());
            out.add(new Fetched(r, epoch, lane, 0));
        }
        return out;
    }

    @Override
    public void maintain(boolean running) {
        pauser.apply(running);
        if (System.nanoTime() - lastCommitNanos > settings.commitInterval().toNanos()) {
            publisher.commit(false, consumer.assignment());
            lastCommitNanos = System.nanoTime();
            lag.update(consumer);
        }
    }

    @Override
    public ResultPublisher publisher() {
        return publisher;
    }

    @Override
    public boolean isCurrent(TopicPartition partition, long epoch, long offset) {
        return offsets.isCurrent(partition, epoch);
    }

    @Override
    public void started(TopicPartition partition, long epoch, long offset) {
        offsets.started(partition, epoch, offset);
    }

    @Override
    public void retrying(TopicPartition partition, long epoch, long offset) {
        offsets.abandoned(partition, epoch, offset); // not running; stays uncommitted until it finishes
    }

    @Override
    public void abandoned(TopicPartition partition, long epoch, long offset) {
        offsets.abandoned(partition, epoch, offset);
    }

    @Override
    public void pauseAll() {
        consumer.pause(consumer.assignment());
    }

    @Override
    public void finish() {
        publisher.commit(true, consumer.assignment());
        clients.close();
        clientMetrics.forEach(KafkaClientMetrics::close);
    }

    @Override
    public void closeNow() {
        clients.closeAfterFailure();
        clientMetrics.forEach(KafkaClientMetrics::close);
    }

    @Override
    public void wakeup() {
        consumer.wakeup();
    }

    /** The producer, unless it is transactional: job threads may send pieces on it. */
    @Override
    public Producer<String, byte[]> pieceProducer() {
        return settings.exactlyOnce() ? null : producer;
    }

    /** From the producer's metadata: the producer, unlike the consumer, may be used from job threads. */
    @Override
    public int partitionCount(String topic) {
        return producer.partitionsFor(topic).size();
    }

    @Override
    public int ownedPartitions() {
        return rebalance == null ? 0 : rebalance.ownedPartitions();
    }

    @Override
    public int revocations() {
        return rebalance == null ? 0 : rebalance.revocations();
    }

    @Override
    public String describe() {
        return "consumer group " + settings.groupId()
                + (piecesTopic != null ? ", pieces via consumer group " + settings.groupId() : "");
    }

    @Override
    public double lag(Lane lane) {
        return lag.lag(lane);
    }
}
