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
}
