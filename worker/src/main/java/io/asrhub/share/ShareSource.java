package io.asrhub.share;

import io.asrhub.kafka.WorkerSettings;
import io.asrhub.publish.AtLeastOncePublisher;
import io.asrhub.publish.ResultPublisher;
import io.asrhub.publish.RetryPolicy;
import io.asrhub.records.Lane;
import io.asrhub.worker.JobSource;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * Jobs from share groups (one per lane, and one for the pieces topic): any number of workers take
 * records from the same partitions, each record under the broker's acquisition lock, settled on
 * its own. A lane is fetched only while the pipeline wants more of it (nothing of it queued and a
 * slot free), so records are not kept locked here while another worker could run them. Every
 * record this worker holds — queued, running or backing off after a transient failure — has its
 * lock renewed at each poll and at least every third of the lock time; it is released only when
 * its job is given up unfinished (shutdown). Acknowledgements follow the written output.
 */
public final class ShareSource implements JobSource {
    private static final Logger LOG = LoggerFactory.getLogger(ShareSource.class);
    private static final Duration RENEWING_POLL_INTERVAL = Duration.ofMillis(250);

    private final ShareSettings share;
    private final String baseGroupId;
    private final List<LaneConsumer> consumers;
    private final ShareLedger ledger;
    private final ResultPublisher publisher;
    private final Producer<String, byte[]> producer;
    private final List<AutoCloseable> closeOnStop = new CopyOnWriteArrayList<>();
    private Pipeline pipeline;
    private PieceMembers pieceMembers;

    /** {@code consumers}: one per lane, each in that lane's share group, and one for pieces (lane null). */
    ShareSource(WorkerSettings settings, ShareSettings share, List<LaneConsumer> consumers,
                Producer<String, byte[]> producer) {
        this.share = share;
        this.baseGroupId = settings.groupId();
        this.consumers = consumers;
        this.ledger = new ShareLedger(consumers);
        this.producer = producer;
        this.publisher = new AtLeastOncePublisher(producer, ledger, new RetryPolicy(settings.publishAttempts(),
                settings.retryBackoff(), settings.retryBackoffMax()));
    }

    /** Share mode has no transactions: job threads may send a split's pieces on the one producer. */
    @Override
    public Producer<String, byte[]> pieceProducer() {
        return producer;
    }

    /** Resources that live as long as the source (e.g. its backlog meter). */
    void closeOnStop(AutoCloseable resource) {
        closeOnStop.add(resource);
    }

    @Override
    public void open(Pipeline pipeline) {
        this.pipeline = pipeline;
        for (LaneConsumer lc : consumers) {
            lc.consumer.subscribe(List.of(lc.topic));
        }
        pipeline.assigned(); // a share group has no assignment to wait for: any member may take any record
    }

    @Override
    public List<Fetched> poll(Duration timeout, boolean running) {
        List<Fetched> out = new ArrayList<>();
        for (LaneConsumer lc : consumers) {
            lc.acknowledgeDecided();
            long lockNanos = lc.lockNanos(share.recordLock());
            for (HeldRecords.Key lost : lc.held.dropLost(lockNanos)) {
                LOG.warn("lost the lock on {}; the broker may hand it to another worker", lost);
            }
            long sincePoll = System.nanoTime() - lc.lastPollNanos;
            // Each poll must renew the held records it returned; while some are back in the batch,
            // poll less often so a free slot does not turn into a stream of renewals.
            boolean room = running && pipeline.wantsMore(lc.lane)
                    && (!lc.held.hasRunningInBatch() || sincePoll >= RENEWING_POLL_INTERVAL.toNanos());
            boolean renewDue = lc.held.size() > 0 && sincePoll >= lockNanos / 3;
            if (room || renewDue || lc.held.awaitingRedelivery()) {
                lc.renewRunning();
                fetch(lc, running, out);
            }
        }
        if (out.isEmpty()) {
            LockSupport.parkNanos(timeout.toNanos()); // share polls do not block; this is the loop's pace
        }
        return out;
    }

    private void fetch(LaneConsumer lc, boolean running, List<Fetched> out) {
        lc.lastPollNanos = System.nanoTime();
        Iterable<ConsumerRecord<String, byte[]>> records;
        try {
            records = lc.consumer.poll(Duration.ZERO); // fetches run in the background; no need to block here
        } catch (WakeupException e) {
            return;
        }
        for (ConsumerRecord<String, byte[]> r : records) {
            if (lc.held.redelivered(r)) {
                continue; // a renewed record of ours, still queued or running
            }
            if (!running) {
                lc.acknowledge(r, AcknowledgeType.RELEASE);
                continue;
            }
            long epoch = lc.held.hold(r);
            int earlier = Math.max(0, r.deliveryCount().map(Short::intValue).orElse(1) - 1);
            out.add(new Fetched(r, epoch, lc.lane, earlier));
        }
    }

    @Override
    public void maintain(boolean running) {
        ledger.commit(false, List.of());
    }

    @Override
    public ResultPublisher publisher() {
        return publisher;
    }

    @Override
    public boolean isCurrent(TopicPartition partition, long epoch, long offset) {
        return ledger.isCurrent(partition, epoch, offset);
    }

    @Override
    public void started(TopicPartition partition, long epoch, long offset) {
        // nothing to record: the lock is renewed whether the job is queued or running
    }

    @Override
    public void retrying(TopicPartition partition, long epoch, long offset) {
        // kept, and renewed, until the retry: releasing it would let the broker redeliver it at once
    }

    @Override
    public void abandoned(TopicPartition partition, long epoch, long offset) {
        ledger.release(partition, epoch, offset);
    }

    @Override
    public void pauseAll() {
        // nothing to pause: a stopping source fetches only renewed records and releases anything new
    }

    @Override
    public void finish() {
        closeAll();
    }

    @Override
    public void closeNow() {
        closeAll();
    }

    private void closeAll() {
        for (LaneConsumer lc : consumers) {
            lc.releaseHeldAndClose();
        }
        publisher.close();
        for (AutoCloseable c : closeOnStop) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debug("closing {}: {}", c, e.toString());
            }
        }
    }

    @Override
    public void wakeup() {
        consumers.forEach(lc -> lc.consumer.wakeup());
    }

    /**
     * From the producer's metadata (it may be used from job threads): a share group's assignor gives
     * each member whole partitions while the group has no more members than partitions, so pieces
     * spread evenly over them reach the workers evenly; with more members they share every partition.
     */
    @Override
    public int partitionCount(String topic) {
        return producer.partitionsFor(topic).size();
    }

    @Override
    public List<List<Integer>> pieceMembers(String topic) {
        return pieceMembers == null ? List.of() : pieceMembers.of(topic);
    }

    /** Lets {@link #pieceMembers} ask the broker (real clients only; unit tests' doubles have no broker). */
    void askPieceMembers(PieceMembers members) {
        this.pieceMembers = members;
        closeOnStop.add(members);
    }

    @Override
    public int ownedPartitions() {
        return -1;
    }

    @Override
    public int revocations() {
        return 0;
    }

    @Override
    public String describe() {
        boolean lanes = consumers.stream().anyMatch(lc -> lc.lane != null);
        boolean pieces = consumers.stream().anyMatch(lc -> lc.lane == null);
        String piecesVia = "pieces via share group " + LaneConsumer.groupId(baseGroupId, null);
        if (!lanes) {
            return piecesVia;
        }
        return "share groups " + baseGroupId + "-<lane>" + (pieces ? ", " + piecesVia : "");
    }

    @Override
    public double lag(Lane lane) {
        return Double.NaN; // the group's backlog is asr.share.backlog, read from the broker
    }
}
