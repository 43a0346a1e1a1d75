package io.realtimehub.transport;

import io.realtimehub.engine.ErrorCode;
import io.realtimehub.engine.Publication;
import java.util.LinkedHashSet;
import java.util.List;

/** The {@code channel} parameters of a poll or SSE request, checked. */
public final class ChannelList {

    private ChannelList() {
    }

    /** Distinct, valid channel names in request order. */
    public static List<String> of(List<String> requested, int maxChannels) {
        if (requested == null || requested.isEmpty()) {
            throw ErrorCode.INVALID_PARAMETER.exception("name at least one channel: ?channel=<name>");
        }
        LinkedHashSet<String> channels = new LinkedHashSet<>();
        for (String channel : requested) {
            Publication.requireChannel(channel);
            channels.add(channel);
        }
        if (channels.size() > maxChannels) {
            throw ErrorCode.TOO_MANY_CHANNELS.exception("at most " + maxChannels + " channels per request");
        }
        return List.copyOf(channels);
    }
}
