package org.h5vds.io;

/**
 * Whether a stored checksum that does not match the computed one is refused. It always is, except
 * under {@code -Dh5vds.checksums=ignore}, which only the fuzzer sets (see ./fuzz.sh): mutated bytes
 * then reach the decoders behind the checksum, as they do in a hostile file whose checksums were
 * recomputed after the damage. Here in {@code io} because both the metadata checksums
 * ({@code format.Checksum}) and the Fletcher-32 filter ({@code filter.codec}) ask it.
 */
public final class ChecksumPolicy {
    private static final boolean IGNORE = "ignore".equals(System.getProperty("h5vds.checksums"));

    private ChecksumPolicy() {
    }

    /** Whether a stored checksum is accepted for the computed one (always, when checksums are ignored). */
    public static boolean accepts(int stored, int computed) {
        return IGNORE || stored == computed;
    }
}
