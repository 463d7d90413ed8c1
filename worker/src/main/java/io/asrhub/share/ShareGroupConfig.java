package io.asrhub.share;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sets the share group's own configuration on the broker (these are group configs, not client
 * configs): start at the earliest record, the lock duration and delivery limit from
 * {@link ShareSettings}, and permission to renew locks (off by default on the broker).
 */
public final class ShareGroupConfig {
    private ShareGroupConfig() {
    }

    /** With the worker's own connection and security settings ({@code kafka.client.*}), like its consumers. */
    public static void apply(io.asrhub.kafka.WorkerSettings worker, String groupId, ShareSettings s)
            throws AsrException {
        ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, groupId);
        List<AlterConfigOp> ops = List.of(
                set("share.auto.offset.reset", "earliest"),
                set("share.record.lock.duration.ms", Long.toString(s.recordLock().toMillis())),
                set("share.delivery.count.limit", Integer.toString(s.deliveryLimit())),
                set("share.renew.acknowledge.enable", "true"),
                // Pieces of a split are written in the splitting job's transaction in exactly-once mode:
                // an aborted split's pieces must not be run (the broker's default is read_uncommitted).
                set("share.isolation.level", "read_committed"));
        try (Admin admin = io.asrhub.kafka.KafkaClients.admin(worker)) {
            admin.incrementalAlterConfigs(Map.of(group, ops)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AsrException(ErrorCode.CONFIG_INVALID, "the broker refused share group settings for '"
                    + groupId + "' (share.record-lock-ms / share.delivery-limit must lie within the broker's "
                    + "group.share.min/max.* bounds, and the broker must support share groups): "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new AsrException(ErrorCode.IO_ERROR, "no answer from the broker while configuring share group '"
                    + groupId + "'", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AsrException(ErrorCode.INTERRUPTED, "interrupted while configuring share group " + groupId);
        }
    }

    private static AlterConfigOp set(String name, String value) {
        return new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET);
    }
}
