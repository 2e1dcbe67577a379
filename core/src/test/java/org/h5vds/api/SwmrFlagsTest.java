package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.h5vds.format.Checksum;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The superblock's writer flags as a reader meets them: a SWMR writer's file (flags 0x05) is read
 * as libhdf5's SWMR readers read it; a file open for writing without SWMR (0x01, version 3) is
 * refused as libhdf5 refuses it, unless the caller asks to read it anyway; and in a SWMR writer's
 * file a metadata read that fails its checksum is retried until it passes (the writer was
 * rewriting it) or the attempts run out.
 */
class SwmrFlagsTest {
    @TempDir
    Path dir;

    private Path h5pyFile() {
        Path p = dir.resolve("flags.h5");
        Python.run("""
                import sys, h5py, numpy as np
                with h5py.File(sys.argv[1], 'w', libver='latest') as f:
                    f.create_dataset('d', data=np.arange(100, dtype='<i4').reshape(10, 10), maxshape=(None, 10), chunks=(2, 10))
                """, p);
        return p;
    }

    /** Sets the version 3 superblock's flags byte and its checksum (offsets and lengths of 8 bytes). */
    static void setFlags(Path p, int flags) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            byte[] sb = new byte[48];
            f.readFully(sb);
            assertThat(sb[8]).as("superblock version").isEqualTo((byte) 3);
            sb[11] = (byte) flags;
            int sum = Checksum.lookup3(ByteBuffer.wrap(sb), 0, 44);
            ByteBuffer.wrap(sb).order(ByteOrder.LITTLE_ENDIAN).putInt(44, sum);
            f.seek(0);
            f.write(sb);
        }
    }

    private static void flipByte(Path p, long at) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0xFF);
        }
    }

    /** Flags the file as a SWMR writer's and breaks the header of {@code d} (one byte flipped); returns the header's address. */
    private static long breakHeaderOfSwmrFile(Path p) throws IOException {
        long header;
        try (H5File f = H5File.open(p)) {
            header = f.dataset("d").address();
        }
        setFlags(p, 0x05);
        flipByte(p, header + 20);
        return header;
    }

    @Test
    void aSwmrWritersFileIsReadAndAPlainWritersFileRefusedUnlessAsked() throws IOException {
        Path p = h5pyFile();
        setFlags(p, 0x05);
        try (H5File f = H5File.open(p)) {
            assertThat(f.writerState()).isEqualTo(H5File.WriterState.SWMR_WRITING);
            assertThat(f.dataset("d").read("9").toIntArray()).startsWith(90, 91);
        }
        setFlags(p, 0x01);
        assertThatThrownBy(() -> H5File.open(p)).isInstanceOf(H5Exception.class).hasMessageContaining(p.toString())
                .hasMessageContaining("is open for writing by another program (not as a SWMR writer)").hasMessageContaining("ignoreWriterFlags");
        try (H5File f = H5File.open(p, ReadOptions.defaults().ignoreWriterFlags(true))) {
            assertThat(f.writerState()).isEqualTo(H5File.WriterState.WRITING);
            assertThat(f.dataset("d").read().toIntArray()).hasSize(100);
        }
        // libhdf5 refuses the same file, and reads it once h5clear -s has cleared the flags
        String refused = Python.run("""
                import sys, h5py
                try:
                    h5py.File(sys.argv[1], 'r')
                    print('opened')
                except OSError as e:
                    print('refused')
                """, p);
        assertThat(refused.strip()).isEqualTo("refused");
        setFlags(p, 0);
        try (H5File f = H5File.open(p)) {
            assertThat(f.writerState()).isEqualTo(H5File.WriterState.NONE);
        }
    }

    @Test
    void aHeaderFailingItsChecksumIsReadAgainUntilTheWriterHasFinishedIt() throws Exception {
        Path p = h5pyFile();
        long header = breakHeaderOfSwmrFile(p);
        Thread writer = new Thread(() -> {
            try {
                Thread.sleep(150);
                flipByte(p, header + 20);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        writer.start();
        try (H5File f = H5File.open(p)) {
            assertThat(f.dataset("d").read("3").toIntArray()).containsExactly(30, 31, 32, 33, 34, 35, 36, 37, 38, 39);
        } finally {
            writer.join();
        }
    }

    @Test
    void aHeaderThatStaysBrokenFailsAfterTheAttemptsNamingFileAndObject() throws Exception {
        Path p = h5pyFile();
        long header = breakHeaderOfSwmrFile(p);
        try (H5File f = H5File.open(p)) {
            assertThatThrownBy(() -> f.dataset("d")).isInstanceOf(H5FormatException.class).hasMessageContaining(p.toString())
                    .hasMessageContaining("/d");
        }
    }
}
