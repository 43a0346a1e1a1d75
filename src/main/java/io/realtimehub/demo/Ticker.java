package io.realtimehub.demo;

import io.realtimehub.engine.JsonCodec;
import jakarta.json.JsonObject;
import java.math.BigDecimal;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Simulated stock prices: a random walk per symbol, in whole cents, pulled gently back towards its
 * opening price and kept between a quarter of it and four times it. Each {@link #next()} moves the
 * next symbol in turn. Not thread-safe: one feed task calls it.
 */
final class Ticker {

    /** Standard deviation of one move, relative to the price. */
    static final double VOLATILITY = 0.002;
    /** Share of the distance to the opening price recovered per move: keeps prices plausible for hours. */
    static final double PULL = 0.002;

    record Symbol(String name, long openCents) {
        long floorCents() {
            return Math.max(1, openCents / 4);
        }

        long ceilingCents() {
            return openCents * 4;
        }
    }

    /** One price change: {@code {"sym":"ACME","px":123.45,"chg":-0.12}}, chg against this symbol's previous tick. */
    record Tick(String symbol, long priceCents, long changeCents) {
        JsonObject json() {
            return JsonCodec.objectBuilder()
                    .add("sym", symbol)
                    .add("px", BigDecimal.valueOf(priceCents, 2))
                    .add("chg", BigDecimal.valueOf(changeCents, 2))
                    .build();
        }
    }

    static final List<Symbol> SYMBOLS = List.of(
            new Symbol("ACME", 12_345),
            new Symbol("GLOBX", 4_210),
            new Symbol("INITECH", 8_875),
            new Symbol("UMBRL", 23_150),
            new Symbol("STARK", 61_720),
            new Symbol("WAYNE", 35_505),
            new Symbol("TYRELL", 1_998),
            new Symbol("HOOLI", 15_260));

    private final RandomGenerator random;
    private final long[] cents = new long[SYMBOLS.size()];
    private int next;

    Ticker(RandomGenerator random) {
        this.random = random;
        for (int i = 0; i < cents.length; i++) {
            cents[i] = SYMBOLS.get(i).openCents();
        }
    }

    Tick next() {
        int i = next;
        next = (next + 1) % cents.length;
        Symbol symbol = SYMBOLS.get(i);
        long old = cents[i];
        double move = old * VOLATILITY * random.nextGaussian() + (symbol.openCents() - old) * PULL;
        long moved = Math.max(symbol.floorCents(), Math.min(symbol.ceilingCents(), old + Math.round(move)));
        cents[i] = moved;
        return new Tick(symbol.name(), moved, moved - old);
    }
}
