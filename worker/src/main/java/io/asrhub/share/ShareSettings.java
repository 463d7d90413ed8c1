package io.asrhub.share;

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

    public static List<String> knownKeys() {
        return List.of("worker.group-type", "share.record-lock-ms", "share.delivery-limit");
    }

    public static ShareSettings read(Settings s) throws AsrException {
        GroupType type = GroupType.parse(s.get("worker.group-type", "consumer"));
        if (type == GroupType.SHARE && s.getBoolean("worker.exactly-once", false)) {
            throw new AsrException(ErrorCode.CONFIG_INVALID, "worker.exactly-once=true cannot be used with "
                    + "worker.group-type=share: Kafka has no transactional share acknowledgement, so share mode is "
                    + "at-least-once (a result may be published twice, never lost). Use group-type consumer for "
                    + "exactly-once, or set worker.exactly-once=false");
        }
        long lockMs = s.getLong("share.record-lock-ms", DEFAULT.recordLock().toMillis());
        int limit = s.getInt("share.delivery-limit", DEFAULT.deliveryLimit());
        if (lockMs < 1000) {
            throw new AsrException(ErrorCode.CONFIG_INVALID, "share.record-lock-ms must be >= 1000");
        }
        if (limit < 2) {
            throw new AsrException(ErrorCode.CONFIG_INVALID, "share.delivery-limit must be >= 2 (the broker's floor)");
        }
        return new ShareSettings(type, Duration.ofMillis(lockMs), limit);
    }
}
