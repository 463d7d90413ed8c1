package io.asrhub.share;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;

import java.util.Locale;

/**
 * How workers divide a lane's records. {@code CONSUMER}: a consumer group, one partition to one
 * member, offsets committed in order. {@code SHARE}: a share group (KIP-932), any member takes any
 * record under an acquisition lock and acknowledges each record on its own.
 */
public enum GroupType {
    CONSUMER, SHARE;

    static GroupType parse(String value) throws AsrException {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new AsrException(ErrorCode.CONFIG_INVALID,
                    "worker.group-type must be 'consumer' or 'share', not '" + value + "'");
        }
    }
}
