package org.h5vds.node;

import java.nio.file.Path;
import org.h5vds.format.Superblock;
import org.h5vds.io.H5Exception;

/**
 * The superblock's file consistency flags, as libhdf5 1.10 and later set and honour them
 * (H5F__super_read): bit 0 "open for writing" and bit 2 "open for SWMR writing". libhdf5 sets bit
 * 0 in every superblock version while it has a file open for writing and clears it at close; it
 * refuses to open a version 3 superblock whose flags are set (unless reading a SWMR writer's file
 * as a SWMR reader), and ignores the flags of versions 0 to 2, for reading and for writing, as
 * h5vds does. A crash leaves them set; {@code h5clear -s} clears them.
 *
 * <p>h5vds reads a file whose flags say a SWMR writer has it (bits 0 and 2, as libhdf5's SWMR
 * writer sets them) as libhdf5's SWMR readers do, without being asked: that is what SWMR is for.
 */
final class WriterFlags {
    static final int WRITE = 0x01;
    static final int SWMR_WRITE = 0x04;

    private WriterFlags() {
    }

    /**
     * Whether the flags say a writer has the file open: version 3 only, as libhdf5 reads them.
     * Older versions' field is not trusted (libhdf5 1.4-1.8 left other bits there, files of that
     * time hold 0x3 long after their writer closed them).
     */
    static boolean isSet(Superblock sb) {
        return sb.version() >= 3 && (sb.fileConsistencyFlags() & (WRITE | SWMR_WRITE)) != 0;
    }

    /** Whether the flags say a SWMR writer has the file open (libhdf5 sets both bits for one; version 3 only). */
    static boolean isSwmrWrite(Superblock sb) {
        return sb.isSwmrWrite();
    }

    /**
     * Refuses to read what libhdf5 refuses to read: a version 3 superblock flagged as open for
     * writing, except by a SWMR writer, whose files are read as libhdf5's SWMR readers read them.
     */
    static void checkForReading(String path, Superblock sb) {
        if (sb.version() >= 3 && isSet(sb) && !isSwmrWrite(sb)) {
            throw new H5Exception(path + ": is open for writing by another program (not as a SWMR writer), or was left so by one that stopped while writing "
                    + "(superblock flags 0x" + Integer.toHexString(sb.fileConsistencyFlags()) + "); libhdf5 refuses to read it too. "
                    + "Once no program has it open, `h5clear -s " + path + "` clears the flags; or read it anyway "
                    + "(ReadOptions.ignoreWriterFlags, h5vds --ignore-writer-flags)");
        }
    }

    /**
     * Refuses to write a file flagged as open for writing: a version 3 superblock, as libhdf5
     * refuses it (it opens older versions for writing whatever their flags say; a writer that has
     * one open holds its lock, which keeps h5vds out).
     */
    static void checkForWriting(Path path, Superblock sb) {
        if (isSet(sb)) {
            throw new H5Exception(path + ": is open for writing by another program, or was left so by one that stopped while writing "
                    + "(superblock flags 0x" + Integer.toHexString(sb.fileConsistencyFlags()) + "); once no program has it open, "
                    + "`h5clear -s " + path + "` clears the flags");
        }
    }
}
