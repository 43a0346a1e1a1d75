package io.realtimehub.engine;

/**
 * Receives one channel's messages for one connection (or one waiting poll).
 *
 * <p>The engine calls these methods while it holds the channel's order: they must return at once
 * (queue the work, never write to a network) and must not call back into the engine.
 */
public interface Subscriber {

    /**
     * Called first, once: what could be recovered from the subscriber's position. No live message
     * is delivered before this returns, and none of {@code replay.messages()} is delivered again.
     */
    void onSubscribed(Replay replay);

    /** A live message; per channel in id order, with no gap after the replay. */
    void onMessage(Message message);
}
