package io.asrhub.share;

import io.asrhub.config.Key;

import io.asrhub.config.Settings;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;

import java.time.Duration;
import java.util.List;

/**
 * The group type and, for share groups, the group's acquisition lock and delivery limit. The one
 * place that reads {@code worker.group-type}; it also refuses combinations share mode cannot keep.
 *
 * @param recordLock    how long the broker keeps a delivered record locked to one worker before
 *                      handing it to another; the worker renews the lock while a job runs
 * @param deliveryLimit deliveries of one record before the broker archives it; the worker's attempt
 *                      number is the broker's delivery count, and the last allowed delivery
 *                      dead-letters a transient failure instead of releasing it
 */
public record ShareSettings(GroupType groupType, Duration recordLock, int deliveryLimit) {
    public static final ShareSettings DEFAULT = new ShareSettings(GroupType.CONSUMER, Duration.ofSeconds(30), 5);


    public static final Key GROUP_TYPE = new Key("worker.group-type", "consumer", "consumer or share");
    public static final Key RECORD_LOCK_MS = new Key("share.record-lock-ms", "30000",
            "share mode: acquisition lock of a delivered record (renewed while its job runs)");
    public static final Key DELIVERY_LIMIT = new Key("share.delivery-limit", "5",
            "share mode: deliveries of one record before the broker archives it");
    /** This part's keys, for validation and environment overrides. */
    public static final List<Key> KEYS = List.of(GROUP_TYPE, RECORD_LOCK_MS, DELIVERY_LIMIT);

    public static ShareSettings read(Settings s) throws AsrException {
        GroupType type = GroupType.parse(s.get(GROUP_TYPE));
        if (type == GroupType.SHARE && s.getBoolean("worker.exactly-once", false)) {
            throw new AsrException(ErrorCode.CONFIG_INVALID, "worker.exactly-once=true cannot be used with "
                    + "worker.group-type=share: Kafka has no transactional share acknowledgement, so share mode is "
                    + "at-least-once (a result may be published twice, never lost). Use group-type consumer for "
                    + "exactly-once, or set worker.exactly-once=false");
        }
        long lockMs = s.getLong(RECORD_LOCK_MS);
        int limit = s.getInt(DELIVERY_LIMIT);
        if (lockMs < 1000) {
            throw new AsrException(ErrorCode.CONFIG_INVALID, "share.record-lock-ms must be >= 1000");
        }
        if (limit < 2) {
            throw new AsrException(ErrorCode.CONFIG_INVALID, "share.delivery-limit must be >= 2 (the broker's floor)");
        }
        return new ShareSettings(type, Duration.ofMillis(lockMs), limit);
    }
}
