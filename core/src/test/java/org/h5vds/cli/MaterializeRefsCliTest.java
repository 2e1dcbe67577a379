package org.h5vds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h5vds.api.Dataset;
import org.h5vds.api.H5File;
import org.h5vds.api.Shape;
import org.h5vds.examples.Example;
import org.h5vds.examples.Examples;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code h5vds materialize} and {@code h5vds refs} from the command line: what they print, what they write, how they refuse. */
class MaterializeRefsCliTest {
    @TempDir
    Path dir;

    private Example.Result excalibur;

    @BeforeEach
    void example() {
        excalibur = Examples.named("excalibur_detector_modules", false).run(dir, new PrintWriter(new StringWriter(), true));
    }

    private static WriteCommandTest.Run run(String... args) {
        return WriteCommandTest.run(args);
    }

    @Test
    void materializePrintsWhatItChoseAndWritesARealDataset() {
        Path out = dir.resolve("flat.h5");
        WriteCommandTest.Run r = run("materialize", excalibur.vdsFile().toString(), "full_frame", "--output", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("uint16 (5, 1586, 2048)").contains("chunks (1, 256, 2048) (the sources' chunks)")
                .contains("filters deflate=4 (the sources' filters)").contains("wrote " + out + ":/full_frame");
        Path part = dir.resolve("part.h5");
        r = run("materialize", excalibur.vdsFile().toString(), "full_frame", "--output", part.toString(), "--dataset", "entry/frames",
                "--select", "0:2, 250:300", "--chunks", "1,50,512", "--compression", "zstd=5");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("chunks (1, 50, 512) (given)").contains("filters zstd=5 (given)");
        try (H5File f = H5File.open(part)) {
            Dataset d = f.dataset("entry/frames");
            assertThat(d.shape()).isEqualTo(Shape.of(2, 50, 2048));
            assertThat(d.read("0, 15, 0").toIntArray()).containsExactly(1); // row 265: the gap, fill value 1
            assertThat(d.read("0, 16, 0").toIntArray()).containsExactly(0); // row 266: the second stripe, frame 0
            assertThat(d.read("1, 16, 0").toIntArray()).containsExactly(1); // frame 1 of the second stripe
        }
        String h5py = Python.run("""
                import h5py, numpy as np, sys
                a = h5py.File(sys.argv[1], 'r')['full_frame']
                b = h5py.File(sys.argv[2], 'r')['full_frame']
                print(np.array_equal(a[()], b[()]), b.is_virtual, b.fillvalue)
                """, excalibur.vdsFile(), out);
        assertThat(h5py.strip()).isEqualTo("True False 1");
    }

    @Test
    void materializeRefusesAFileNotHdf5AndMixedOptions() throws Exception {
        Path out = Files.writeString(dir.resolve("there.h5"), "x");
        WriteCommandTest.Run r = run("materialize", excalibur.vdsFile().toString(), "full_frame", "--output", out.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip()).contains(out.toString()).doesNotContain("Exception").hasLineCount(1);
        assertThat(Files.readString(out)).isEqualTo("x");
        r = run("materialize", excalibur.vdsFile().toString(), "--all", "--output", out.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip()).contains("already exists").contains("--overwrite").hasLineCount(1);
        assertThat(Files.readString(out)).isEqualTo("x");
        r = run("materialize", excalibur.vdsFile().toString(), "full_frame", "--all", "--output", dir.resolve("a.h5").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("--all copies the whole file");
        r = run("materialize", excalibur.vdsFile().toString(), "--output", dir.resolve("a.h5").toString());
        assertThat(r.err()).contains("give the DATASET");
        r = run("materialize", excalibur.vdsFile().toString(), "nothing", "--output", dir.resolve("a.h5").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("nothing");
        assertThat(dir.resolve("a.h5")).doesNotExist();
    }

    @Test
    void materializeAddsToAnExistingFileAndReplacesOnlyThatDatasetWithOverwrite() {
        Path out = dir.resolve("master.h5");
        Python.run("""
                import h5py, numpy as np, sys
                with h5py.File(sys.argv[1], 'w', libver='earliest') as f:
                    f.create_dataset('entry/raw', data=np.arange(12).reshape(3, 4), chunks=(1, 4), compression='gzip')
                    f['entry'].attrs['NX_class'] = 'NXentry'
                """, out);
        WriteCommandTest.Run r = run("materialize", excalibur.vdsFile().toString(), "full_frame", "--output", out.toString(),
                "--dataset", "entry/flat", "--select", "0:2, 250:300");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("wrote " + out + ":/entry/flat");
        r = run("materialize", excalibur.vdsFile().toString(), "full_frame", "--output", out.toString(), "--dataset", "entry/flat");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip()).hasLineCount(1).endsWith(out + ":/entry/flat already exists; pass --overwrite to replace that dataset");
        r = run("materialize", excalibur.vdsFile().toString(), "full_frame", "--output", out.toString(), "--dataset", "entry/flat",
                "--select", "3, 1440:1460", "--overwrite");
        assertThat(r.exit()).as(r.err()).isZero();
        String h5py = Python.run("""
                import h5py, numpy as np, sys
                with h5py.File(sys.argv[1], 'r') as f, h5py.File(sys.argv[2], 'r') as v:
                    print(f['entry/raw'][()].tolist() == np.arange(12).reshape(3, 4).tolist(), f['entry'].attrs['NX_class'],
                          np.array_equal(f['entry/flat'][()], v['full_frame'][3, 1440:1460]), f['entry/flat'].shape, sorted(f['entry']))
                """, out, excalibur.vdsFile());
        assertThat(h5py.strip()).isEqualTo("True NXentry True (20, 2048) ['flat', 'raw']");
    }

    @Test
    void materializeAllFlattensTheFile() {
        Path out = dir.resolve("flat.h5");
        WriteCommandTest.Run r = run("materialize", excalibur.vdsFile().toString(), "--all", "--output", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        try (H5File f = H5File.open(out)) {
            assertThat(f.dataset("full_frame").isVirtual()).isFalse();
            assertThat(f.dataset("full_frame").read("3, 1450, 0").toIntArray()).containsExactly(15);
        }
    }

    @Test
    void refsRefusesInOneLineAndMaterializesMisfitsOnRequest() throws Exception {
        Path refs = dir.resolve("refs.json");
        WriteCommandTest.Run r = run("refs", excalibur.vdsFile().toString(), "full_frame", "--output", refs.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip()).hasLineCount(1).contains("mapping 1 (stripe_2.h5:data) covers only part of chunk (0, 1, 0)");
        assertThat(refs).doesNotExist();
        r = run("refs", excalibur.vdsFile().toString(), "full_frame", "--output", refs.toString(), "--materialize-misfits",
                dir.resolve("side").toString(), "--url-prefix", dir.toUri().toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("chunks (1, 256, 2048)").contains("materialized into");
        assertThat(Files.readString(refs)).contains(dir.toUri() + "stripe_1.h5").contains(dir.toUri() + "side/full_detector.full_frame.misfits.h5");
        String zarr = Python.run("""
                import fsspec, zarr, h5py, numpy as np, sys
                fs = fsspec.filesystem('reference', fo=sys.argv[1])
                z = zarr.open(zarr.storage.KVStore(fs.get_mapper('')), mode='r')['full_frame']
                print(np.array_equal(z[()], h5py.File(sys.argv[2], 'r')['full_frame'][()]))
                """, refs, excalibur.vdsFile());
        assertThat(zarr.strip()).isEqualTo("True");
        r = run("refs", excalibur.vdsFile().toString(), "full_frame", "--output", refs.toString(), "--format", "zarr3");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("only kerchunk");
    }
}
