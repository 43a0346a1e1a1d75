package io.realtimehub.engine;

/**
 * A channel's state as a dashboard reads it.
 *
 * @param last          the newest message, or null before the first one
 * @param firstRetained the oldest retained id ({@code lastId + 1} when nothing is retained)
 */
public record ChannelState(String channel, String epoch, Message last, long firstRetained, long lastId) {
}
