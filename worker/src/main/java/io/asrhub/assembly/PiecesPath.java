package io.asrhub.assembly;

import io.asrhub.config.ConfigKeys;
import io.asrhub.config.Definition;
import io.asrhub.config.Settings;
import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;
import io.asrhub.kafka.ShareGroupSupport;
import io.asrhub.kafka.WorkerSettings;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How a consumer-group worker takes the pieces of long jobs ({@code pieces.consumer}): through a share
 * group of their own, so any idle worker takes the next piece, or through the consumer group, where
 * each worker runs the pieces of the partitions it owns (spread evenly over them). {@code auto} (the
 * default) asks the broker once at start-up and takes the share group whenever it offers share groups.
 *
 * @param viaShare whether pieces go through the share group
 * @param why      what decided it, for the start-up line
 */
record PiecesPath(boolean viaShare, String why) {
    static final Definition<String> KEY = Definition.choice("pieces.consumer", "auto",
            "auto, share or group: how a consumer-group worker takes the pieces of long jobs", "auto", "share", "group");
    /** This part's keys, for validation and environment overrides. */
    static final List<Definition<?>> DEFINITIONS = List.of(KEY);

    static PiecesPath choose(Settings settings, WorkerSettings worker) throws AsrException {
        String value = settings.get(KEY);
        switch (value) {
            case "share":
                return new PiecesPath(true, KEY.name() + "=share");
            case "group":
                return new PiecesPath(false, KEY.name() + "=group");
            case "auto":
                ShareGroupSupport.Answer answer = ShareGroupSupport.ask(worker,
                        settings.get(ConfigKeys.CONNECT_TIMEOUT_MS));
                return new PiecesPath(answer.supported(), "auto: " + answer.why());
            default:
                throw new AsrException(ErrorCode.CONFIG_INVALID,
                        KEY.name() + " must be 'auto', 'share' or 'group', not '" + value + "'");
        }
    }

    /** {@code auto} may fall back to the consumer group when the share group cannot be set up. */
    boolean mayFallBack(Settings settings) throws AsrException {
        return settings.get(KEY).equals("auto");
    }
}
