package io.asrhub.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeFeaturesOptions;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.clients.admin.FinalizedVersionRange;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Whether the cluster offers share groups (KIP-932): its finalized feature {@code share.version} is at
 * least 1. Asked once at start-up; an unanswered question counts as "no", so a worker on an older or
 * unreachable cluster falls back to what works everywhere.
 */
public final class ShareGroupSupport {
    static final String FEATURE = "share.version";

    /** {@code why}: the feature level found, or what stood in the way, for the start-up line. */
    public record Answer(boolean supported, String why) {
    }

    private ShareGroupSupport() {
    }

    public static Answer ask(WorkerSettings ws, Duration timeout) {
        int millis = (int) Math.max(1, timeout.toMillis());
        try (Admin admin = KafkaClients.admin(ws)) {
            FeatureMetadata features = admin.describeFeatures(new DescribeFeaturesOptions().timeoutMs(millis))
                    .featureMetadata().get(millis + 1_000L, TimeUnit.MILLISECONDS);
            return of(features.finalizedFeatures().get(FEATURE));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(false, "interrupted while asking the broker for " + FEATURE);
        } catch (ExecutionException e) {
            return new Answer(false, "the broker did not say whether it supports share groups: " + e.getCause());
        } catch (Exception e) {
            return new Answer(false, "the broker did not say whether it supports share groups: " + e);
        }
    }

    /** The answer for a finalized {@code share.version} range, or null when the feature is not finalized. */
    static Answer of(FinalizedVersionRange shareVersion) {
        if (shareVersion == null || shareVersion.maxVersionLevel() < 1) {
            return new Answer(false, FEATURE + " is not enabled on the broker");
        }
        return new Answer(true, FEATURE + "=" + shareVersion.maxVersionLevel());
    }
}
