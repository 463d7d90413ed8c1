package io.asrhub.pool;

import io.asrhub.errors.AsrException;
import io.asrhub.errors.ErrorCode;

/** No slot became free within the acquire timeout. Transient: the same job can be retried. */
public final class PoolExhaustedException extends AsrException {
    public PoolExhaustedException(String message) {
        super(ErrorCode.POOL_EXHAUSTED, message);
    }
}
