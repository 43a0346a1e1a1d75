package io.realtimehub.engine;

/**
 * A refused request, with the error code every transport reports ({@code {"error":code,...}} over
 * HTTP, an {@code error} frame over WebSocket).
 */
public final class HubException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public HubException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
