package io.realtimehub.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class TickerTest {

    @Test
    void pricesStayWithinTheirBoundsOverAMillionTicks() {
        Ticker ticker = new Ticker(new SplittableRandom(42));
        Map<String, Ticker.Symbol> symbols = new HashMap<>();
        Ticker.SYMBOLS.forEach(s -> symbols.put(s.name(), s));
        for (int i = 0; i < 1_000_000; i++) {
            Ticker.Tick t = ticker.next();
            Ticker.Symbol s = symbols.get(t.symbol());
            assertTrue(t.priceCents() >= s.floorCents() && t.priceCents() <= s.ceilingCents(), t::toString);
            assertTrue(t.priceCents() > 0);
        }
    }

    /** A generator that always draws the same extreme, to push prices against the bounds. */
    private static RandomGenerator always(double gaussian) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public double nextGaussian() {
                return gaussian;
            }
        };
    }

    @Test
    void extremeMovesAreHeldAtTheFloorAndTheCeiling() {
        Ticker down = new Ticker(always(-1000));
        Ticker up = new Ticker(always(1000));
        int n = Ticker.SYMBOLS.size();
        for (int i = 0; i < 10 * n; i++) {
            down.next();
            up.next();
        }
        for (Ticker.Symbol s : Ticker.SYMBOLS) {
            assertEquals(s.floorCents(), down.next().priceCents(), s.name());
            assertEquals(s.ceilingCents(), up.next().priceCents(), s.name());
        }
    }

    @Test
    void symbolsTakeTurnsAndChangeIsAgainstTheSymbolsPreviousPrice() {
        Ticker ticker = new Ticker(new SplittableRandom(7));
        Map<String, Long> last = new HashMap<>();
        Ticker.SYMBOLS.forEach(s -> last.put(s.name(), s.openCents()));
        Set<Long> prices = new HashSet<>();
        for (int round = 0; round < 50; round++) {
            for (Ticker.Symbol s : Ticker.SYMBOLS) {
                Ticker.Tick t = ticker.next();
                assertEquals(s.name(), t.symbol());
                assertEquals(t.priceCents() - last.get(s.name()), t.changeCents());
                last.put(s.name(), t.priceCents());
                prices.add(t.priceCents());
            }
        }
        assertTrue(prices.size() > 100, "prices move: " + prices.size() + " distinct");
    }

    @Test
    void aTickIsSymbolPriceAndChangeWithTwoDecimals() {
        assertEquals("{\"sym\":\"ACME\",\"px\":123.45,\"chg\":-0.12}", new Ticker.Tick("ACME", 12_345, -12).json().toString());
        assertEquals("{\"sym\":\"X\",\"px\":0.05,\"chg\":0.00}", new Ticker.Tick("X", 5, 0).json().toString());
    }

    @Test
    void aboutEightSymbolsWithValidNames() {
        assertEquals(8, Ticker.SYMBOLS.size());
        Ticker.SYMBOLS.forEach(s -> assertTrue(s.name().matches("[A-Z]{1,8}") && s.openCents() >= 100, s.toString()));
    }

    @Test
    void tickPeriodGivesTheRate() {
        assertEquals(50_000_000L, TickerFeed.periodNanos(20));
        assertEquals(1_000_000L, TickerFeed.periodNanos(1000));
        assertEquals(1_000_000_000L, TickerFeed.periodNanos(1));
    }
}
