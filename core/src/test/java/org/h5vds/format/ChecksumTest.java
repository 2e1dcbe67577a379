package org.h5vds.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ChecksumTest {
    @Test
    void matchesTheSuperblockChecksumLibhdf5Wrote() {
        // the first 44 bytes of a superblock v3 written by h5py 3.7 / libhdf5 1.10.8, then its checksum
        byte[] sb = HexFormat.of().parseHex(
                "894844460d0a1a0a030808000000000000000000ffffffffffffffff50080000000000003000000000000000");
        assertThat(Checksum.lookup3(sb)).isEqualTo(0x06276f03);
    }

    @Test
    void knownValuesFromTheReferenceImplementation() {
        // hashlittle("", 0) == 0xdeadbeef and hashlittle("Four score and seven years ago", 0) == 0x17770551
        assertThat(Checksum.lookup3(new byte[0])).isEqualTo(0xdeadbeef);
        assertThat(Checksum.lookup3("Four score and seven years ago".getBytes())).isEqualTo(0x17770551);
    }

    @Test
    void everyLengthAndOffsetAroundTheBlockRunsGivesWhatOneLoopGives() {
        // the checksum mixes runs of 64 blocks of 12 bytes per call: lengths and offsets across
        // those runs' edges, against hashlittle written as one plain loop (lookup3.c)
        java.util.Random rnd = new java.util.Random(12);
        byte[] data = new byte[3 * 768 + 40];
        rnd.nextBytes(data);
        for (int length : new int[] {1, 11, 12, 13, 24, 25, 767, 768, 769, 780, 781, 1536, 1537, 2304, 2305, 2316, 2317}) {
            for (int from : new int[] {0, 1, 3, 7}) {
                assertThat(Checksum.lookup3(data, from, length)).as("length %d from %d", length, from).isEqualTo(hashlittle(data, from, length));
                assertThat(Checksum.lookup3(java.nio.ByteBuffer.wrap(data), from, length)).isEqualTo(hashlittle(data, from, length));
            }
        }
    }

    /** lookup3.c's hashlittle with initval 0, reading the key a byte at a time (its portable branch). */
    private static int hashlittle(byte[] key, int from, int length) {
        int a = 0xdeadbeef + length;
        int b = a;
        int c = a;
        int k = from;
        int left = length;
        while (left > 12) {
            a += u32(key, k, 4);
            b += u32(key, k + 4, 4);
            c += u32(key, k + 8, 4);
            a -= c; a ^= Integer.rotateLeft(c, 4);  c += b;
            b -= a; b ^= Integer.rotateLeft(a, 6);  a += c;
            c -= b; c ^= Integer.rotateLeft(b, 8);  b += a;
            a -= c; a ^= Integer.rotateLeft(c, 16); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 19); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 4);  b += a;
            left -= 12;
            k += 12;
        }
        if (left == 0) return c;
        a += u32(key, k, Math.min(left, 4));
        if (left > 4) b += u32(key, k + 4, Math.min(left - 4, 4));
        if (left > 8) c += u32(key, k + 8, left - 8);
        c ^= b; c -= Integer.rotateLeft(b, 14);
        a ^= c; a -= Integer.rotateLeft(c, 11);
        b ^= a; b -= Integer.rotateLeft(a, 25);
        c ^= b; c -= Integer.rotateLeft(b, 16);
        a ^= c; a -= Integer.rotateLeft(c, 4);
        b ^= a; b -= Integer.rotateLeft(a, 14);
        c ^= b; c -= Integer.rotateLeft(b, 24);
        return c;
    }

    /** The first {@code n} (1..4) bytes at {@code k} as a little-endian number. */
    private static int u32(byte[] key, int k, int n) {
        int v = 0;
        for (int i = 0; i < n; i++) v |= (key[k + i] & 0xFF) << (8 * i);
        return v;
    }
}
