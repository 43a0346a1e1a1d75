package io.realtimehub.demo;

/** {@code demo.ticker}: one {@code tick} message per run; the scheduler runs it at the configured rate. */
final class TickerFeed implements Runnable {

    static final String CHANNEL = "demo.ticker";
    static final String EVENT = "tick";

    private final Ticker ticker;
    private final DemoPublisher publisher;

    TickerFeed(Ticker ticker, DemoPublisher publisher) {
        this.ticker = ticker;
        this.publisher = publisher;
    }

    @Override
    public void run() {
        publisher.publish(CHANNEL, EVENT, ticker.next().json());
    }

    /** Time between two ticks for a rate in messages per second. */
    static long periodNanos(int ratePerSecond) {
        return 1_000_000_000L / ratePerSecond;
    }
}
