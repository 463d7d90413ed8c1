package io.asrhub.share;

import io.asrhub.config.ConfigKeys;
import io.asrhub.config.Definition;
import io.asrhub.config.Rule;
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
    public static final Definition<String> GROUP_TYPE = Definition.choice("worker.group-type", "consumer",
            "consumer or share", "consumer", "share");
    public static final Definition<Duration> RECORD_LOCK_MS = Definition.millis("share.record-lock-ms", 30_000L,
            "share mode: acquisition lock of a delivered record (renewed while its job runs)")
            .check(Rule.atLeastMs(1_000));
    public static final Definition<Integer> DELIVERY_LIMIT = Definition.integer("share.delivery-limit", 5,
            "share mode: deliveries of one record before the broker archives it (the broker's floor is 2)")
            .check(Rule.atLeast(2));
    /** This part's keys, for validation and environment overrides. */
    public static final List<Definition<?>> DEFINITIONS = List.of(GROUP_TYPE, RECORD_LOCK_MS, DELIVERY_LIMIT);

    public static final ShareSettings DEFAULT = new ShareSettings(GroupType.CONSUMER, RECORD_LOCK_MS.defaultValue(),
            DELIVERY_LIMIT.defaultValue());

    public static ShareSettings read(Settings s) throws AsrException {
        GroupType type = GroupType.parse(s.get(GROUP_TYPE));
        if (type == GroupType.SHARE && s.get(ConfigKeys.EXACTLY_ONCE)) {
            throw new AsrException(ErrorCode.CONFIG_INVALID, "worker.exactly-once=true cannot be used with "
                    + "worker.group-type=share: Kafka has no transactional share acknowledgement, so share mode is "
                    + "at-least-once (a result may be published twice, never lost). Use group-type consumer for "
                    + "exactly-once, or set worker.exactly-once=false");
        }
        return new ShareSettings(type, s.get(RECORD_LOCK_MS), s.get(DELIVERY_LIMIT));
    }
}
