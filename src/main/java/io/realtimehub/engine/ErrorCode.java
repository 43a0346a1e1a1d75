package io.realtimehub.engine;

/** Every error code the hub reports, with its HTTP status. Documented in PROTOCOL.md. */
public enum ErrorCode {
    INVALID_JSON("invalid_json", 400),
    INVALID_REQUEST("invalid_request", 400),
    INVALID_CHANNEL("invalid_channel", 400),
    INVALID_EVENT("invalid_event", 400),
    RESERVED_EVENT("reserved_event", 400),
    MISSING_DATA("missing_data", 400),
    INVALID_CURSOR("invalid_cursor", 400),
    INVALID_PARAMETER("invalid_parameter", 400),
    TOO_MANY_CHANNELS("too_many_channels", 400),
    UNKNOWN_TYPE("unknown_type", 400),
    INVALID_FRAME("invalid_frame", 400),
    ALREADY_SUBSCRIBED("already_subscribed", 400),
    UNAUTHORIZED("unauthorized", 401),
    FORBIDDEN("forbidden", 403),
    NOT_FOUND("not_found", 404),
    METHOD_NOT_ALLOWED("method_not_allowed", 405),
    NOT_ACCEPTABLE("not_acceptable", 406),
    CONFLICT("conflict", 409),
    TOO_LARGE("too_large", 413),
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", 415),
    RATE_LIMITED("rate_limited", 429),
    INTERNAL_ERROR("internal_error", 500),
    UNAVAILABLE("unavailable", 503);

    private final String code;
    private final int status;

    ErrorCode(String code, int status) {
        this.code = code;
        this.status = status;
    }

    /** The wire name, e.g. {@code invalid_channel}. */
    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public HubException exception(String message) {
        return new HubException(this, message);
    }

    /** The code for an HTTP status the container produced itself (404, 405, ...). */
    public static ErrorCode forStatus(int status) {
        for (ErrorCode c : values()) {
            if (c.status == status && c != INVALID_JSON) {
                return c;
            }
        }
        return status >= 500 ? INTERNAL_ERROR : INVALID_REQUEST;
    }
}
