package io.realtimehub.engine;

/**
 * The names the protocol allows: channels, event names and epochs share one alphabet,
 * {@code [A-Za-z0-9._:-]}, and differ only in length.
 */
public final class Names {

    public static final int MAX_CHANNEL_LENGTH = 128;
    public static final int MAX_EVENT_LENGTH = 64;
    public static final int MAX_EPOCH_LENGTH = 64;

    /** The default event name of a message. */
    public static final String DEFAULT_EVENT = "message";
    /** Reserved for the hub's own SSE event that opens every channel's stream. */
    public static final String SUBSCRIBED_EVENT = "subscribed";

    private Names() {
    }

    public static boolean isChannel(String name) {
        return matches(name, MAX_CHANNEL_LENGTH);
    }

    public static boolean isEvent(String name) {
        return matches(name, MAX_EVENT_LENGTH);
    }

    public static boolean isEpoch(String epoch) {
        return matches(epoch, MAX_EPOCH_LENGTH);
    }

    /** Whether a publisher may use this event name: valid and not reserved by the hub. */
    public static boolean isReserved(String event) {
        return SUBSCRIBED_EVENT.equals(event);
    }

    private static boolean matches(String s, int maxLength) {
        if (s == null || s.isEmpty() || s.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == ':' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
