package io.asrhub.errors;

/** Every failure asr-hub reports carries an {@link ErrorCode} and a message a user can act on. */
public class AsrException extends Exception {
    private final ErrorCode code;

    public AsrException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public AsrException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public boolean isTransient() {
        return code.isTransient();
    }

    @Override
    public String toString() {
        return code + ": " + getMessage();
    }
}
