package org.h5vds.filter.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Random;
import org.h5vds.filter.FilterArgs;
import org.junit.jupiter.api.Test;

/**
 * Shuffling and unshuffling against the definition of H5Zshuffle.c written out byte by byte:
 * {@code decode}, {@code decodeInto} at an offset, {@code encode} and {@code encode} into a reused
 * array (larger than needed, full of junk, the input at an offset in its own array); every
 * element size from 1 to 9 and every element count up to 40 (the 2-byte paths work on 8 elements
 * at a time, so the counts cover their tails), with the bytes after the last whole element kept
 * in place.
 */
class ShuffleFilterTest {
    @Test
    void unshufflingInvertsTheDefinitionForEverySizeAndCount() {
        Random rnd = new Random(7);
        ShuffleFilter filter = new ShuffleFilter();
        for (int size = 1; size <= 9; size++) {
            for (int n = 0; n <= 40; n++) {
                int extra = n % 3 % size; // fewer than one element: the filter counts whole elements
                byte[] raw = new byte[n * size + extra];
                rnd.nextBytes(raw);
                byte[] stored = raw.clone();
                if (size > 1 && n > 1) {
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < size; j++) stored[j * n + i] = raw[i * size + j];
                    }
                }
                FilterArgs args = new FilterArgs(new int[] {size}, size, new long[] {n}, raw.length, raw.length, "t.h5", 0);
                ByteBuffer decoded = filter.decode(ByteBuffer.wrap(stored), args);
                byte[] got = new byte[decoded.remaining()];
                decoded.get(got);
                assertThat(got).as("decode, size %d, %d elements", size, n).isEqualTo(raw);
                byte[] into = new byte[raw.length + 5];
                into[0] = 42;
                filter.decodeInto(ByteBuffer.wrap(stored), args, into, 3);
                assertThat(java.util.Arrays.copyOfRange(into, 3, 3 + raw.length)).as("decodeInto, size %d, %d elements", size, n).isEqualTo(raw);
                assertThat(into[0]).isEqualTo((byte) 42);
                assertThat(into[raw.length + 3]).isZero();

                assertThat(bytes(filter.encode(ByteBuffer.wrap(raw), args))).as("encode, size %d, %d elements", size, n).isEqualTo(stored);
                byte[] reused = new byte[raw.length + 11];
                java.util.Arrays.fill(reused, (byte) 0x5A);
                byte[] padded = new byte[raw.length + 4];
                System.arraycopy(raw, 0, padded, 4, raw.length);
                ByteBuffer encoded = filter.encode(ByteBuffer.wrap(padded, 4, raw.length).slice(), args, k -> reused);
                assertThat(bytes(encoded)).as("encode into a reused array, size %d, %d elements", size, n).isEqualTo(stored);
            }
        }
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
