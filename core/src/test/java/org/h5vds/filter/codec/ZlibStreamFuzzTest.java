package org.h5vds.filter.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided differential fuzzing of {@link ZlibStream} against java.util.zip (Jazzer): the input
 * bytes are a zlib stream, and the deflate filter must make of it what zlib makes of it, the same
 * bytes or an H5Exception naming the file ({@link ZlibOracle#assertSameAsZlib}); anything else is a
 * finding.
 *
 * <p>Without {@code JAZZER_FUZZ} this replays the inputs directory
 * {@code src/test/resources/org/h5vds/filter/codec/ZlibStreamFuzzTestInputs/sameAsZlib}: seeds written
 * by Python's zlib (stored, fixed and dynamic blocks) and every crasher found. {@code ./fuzz.sh MINUTES
 * inflate} fuzzes for real.
 */
class ZlibStreamFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void sameAsZlib(byte[] bytes) {
        ZlibOracle.assertSameAsZlib(bytes, 1 << 18);
    }
}
