package dev.surrogate.datasets.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Shards are contiguous, cover the set exactly once and differ in size by at most one. */
class ShardTest {

    @Test
    void shardsTileTheSetWithSizesDifferingByAtMostOne() {
        for (long first : new long[] {0, 17}) {
            for (int samples : new int[] {1, 7, 64, 100, 1000}) {
                for (int count = 1; count <= Math.min(samples, 70); count++) {
                    long next = first;
                    int min = Integer.MAX_VALUE;
                    int max = 0;
                    for (int i = 0; i < count; i++) {
                        Shard s = new Shard(i, count);
                        assertEquals(next, s.first(first, samples), s + " of " + samples);
                        int n = s.samples(samples);
                        min = Math.min(min, n);
                        max = Math.max(max, n);
                        for (long k = next; k < next + n; k++) {
                            assertEquals(s, Shard.holding(count, first, samples, k));
                        }
                        next += n;
                    }
                    assertEquals(first + samples, next, count + " shards of " + samples);
                    assertTrue(max - min <= 1 && min >= 1, "sizes " + min + " .. " + max);
                }
            }
        }
    }

    @Test
    void parsesIOverNAndNamesBadText() {
        assertEquals(new Shard(3, 64), Shard.parse(" 3/64 "));
        assertEquals("3/64", new Shard(3, 64).toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shard.parse("64/64"));
        assertTrue(e.getMessage().contains("64") && e.getMessage().contains("[0, 64)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Shard.parse("3"));
        assertTrue(e.getMessage().contains("'3'") && e.getMessage().contains("I/N"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Shard.parse("a/b"));
        assertThrows(IllegalArgumentException.class, () -> Shard.parse("0/0"));
        assertThrows(IllegalArgumentException.class, () -> Shard.parse("-1/4"));
        e = assertThrows(IllegalArgumentException.class, () -> new Shard(0, 8).checkFits(5));
        assertTrue(e.getMessage().contains("5 samples into 8 shards"), e.getMessage());
    }
}
