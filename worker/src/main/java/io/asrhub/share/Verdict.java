package io.asrhub.share;

import org.apache.kafka.clients.consumer.AcknowledgeType;

/** What becomes of a delivered record once its job is over; each maps to one share acknowledgement. */
public enum Verdict {
    /** Done: the result (or dead letter) is written. The broker never delivers the record again. */
    ACCEPT(AcknowledgeType.ACCEPT),
    /** Not done, may succeed later (transient failure, shutdown, no free slot): deliver it again. */
    RELEASE(AcknowledgeType.RELEASE),
    /** Permanently failed and already dead-lettered: archive it, never deliver again. */
    REJECT(AcknowledgeType.REJECT);

    final AcknowledgeType acknowledgeType;

    Verdict(AcknowledgeType acknowledgeType) {
        this.acknowledgeType = acknowledgeType;
    }
}
