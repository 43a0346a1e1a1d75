package io.realtimehub.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ContentAnalysisTest {

    private static ContentAnalysis analyse(byte[] data, int slices) {
        ContentAnalysis a = new ContentAnalysis();
        for (int i = 0; i < slices; i++) {
            int from = data.length * i / slices;
            int to = data.length * (i + 1) / slices;
            a.update(data, from, to - from);
        }
        return a;
    }

    @Test
    void linesDistinctBytesAndEntropy() {
        byte[] text = "ab\nab\nab".getBytes(StandardCharsets.US_ASCII);
        ContentAnalysis.Summary s = analyse(text, 3).summary();
        assertEquals(3, s.lines(), "two line breaks and a last line without one");
        assertEquals(3, s.distinctBytes());
        assertEquals(1.561, s.entropyBitsPerByte());
        assertEquals(2, analyse("a\nb\n".getBytes(StandardCharsets.US_ASCII), 1).summary().lines());
    }

    @Test
    void anEmptyFileHasNothing() {
        ContentAnalysis.Summary s = analyse(new byte[0], 1).summary();
        assertEquals(new ContentAnalysis.Summary(0, 0, 0.0), s);
    }

    @Test
    void allByteValuesEquallyOftenIsEightBitsPerByte() {
        byte[] all = new byte[256 * 4];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        ContentAnalysis.Summary s = analyse(all, 7).summary();
        assertEquals(256, s.distinctBytes());
        assertEquals(8.0, s.entropyBitsPerByte());
    }

    @Test
    void sha256DoesNotDependOnTheSlicing() {
        byte[] data = "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.US_ASCII);
        String expected = "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592";
        assertEquals(expected, analyse(data, 1).sha256Hex());
        assertEquals(expected, analyse(data, 10).sha256Hex());
    }
}
