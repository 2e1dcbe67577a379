package org.h5vds.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.h5vds.api.Dataset;
import org.h5vds.api.H5File;
import org.h5vds.picture.MappingPicture;
import org.h5vds.picture.MappingSubject;
import org.h5vds.testing.H5pyVds;
import org.h5vds.testing.SvgDocument;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * {@code h5vds mappings FILE DATASET --svg OUT [--axes A,B]} on virtual datasets h5py writes with
 * its VirtualLayout: the seed's Excalibur and Percival layouts, a printf dataset with a missing
 * block, and 100,000 mappings. Where the blocks are drawn is checked against the bounds h5py
 * reports for each mapping's virtual selection.
 */
class MappingsSvgCliTest {
    static Path dir;

    @BeforeAll
    static void write() {
        dir = H5pyVds.make("svg", """
                for i in range(1, 7):
                    with h5py.File(f'stripe_{i}.h5', 'w') as f:
                        f.create_dataset('data', shape=(10, 256, 1536), dtype='<u2', chunks=(1, 256, 1536), compression='gzip')
                lay = h5py.VirtualLayout((10, 6 * 256 + 5 * 10, 1536), '<u2')
                for i in range(6):
                    lay[:, 266 * i:266 * i + 256, :] = h5py.VirtualSource(f'stripe_{i + 1}.h5', 'data', shape=(10, 256, 1536))
                with h5py.File('full_detector.h5', 'w', libver='latest') as f:
                    f.create_virtual_dataset('full_frame', lay, fillvalue=1)
                    with open('excalibur_bounds.txt', 'w') as out:
                        for m in f['full_frame'].virtual_sources():
                            lo, hi = m.vspace.get_select_bounds()
                            out.write(f'{lo[1]} {hi[1] + 1} {lo[2]} {hi[2] + 1}\\n')

                frames = [200, 200, 200, 199]
                for i, n in enumerate(frames):
                    with h5py.File(f'raw_file_{i + 1}.h5', 'w') as f:
                        f.create_dataset('data', shape=(n, 20, 20), dtype='<u2')
                lay = h5py.VirtualLayout((799, 20, 20), '<u2')
                for i, n in enumerate(frames):
                    lay[i:799:4] = h5py.VirtualSource(f'raw_file_{i + 1}.h5', 'data', shape=(n, 20, 20))
                with h5py.File('full_time_series.h5', 'w', libver='latest') as f:
                    f.create_virtual_dataset('data', lay, fillvalue=1)
                    with open('percival_frames.txt', 'w') as out:
                        for m in f['data'].virtual_sources():
                            out.write(f'{m.vspace.get_select_npoints() // 400}\\n')

                for i in [0, 1, 3]:
                    with h5py.File(f'p_{i}.h5', 'w') as f:
                        f['d'] = np.arange(4, dtype='<i2') + 10 * i
                vspace = h5py.h5s.create_simple((0,), (U,))
                vspace.select_hyperslab((0,), (U,), stride=(4,), block=(4,))
                dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
                dcpl.set_fill_value(np.array([-1], dtype='<i2'))
                dcpl.set_virtual(vspace, b'p_%b.h5', b'd', h5py.h5s.create_simple((4,)))
                with h5py.File('printf.h5', 'w', libver='latest') as f:
                    h5py.h5d.create(f.id, b'p', h5py.h5t.STD_I16LE, vspace, dcpl=dcpl)
                with h5py.File('printf.h5', 'r') as f:
                    print(open_with(f, 'p', view=LAST, gap=1).shape)

                srcs = []
                for j in range(100):
                    with h5py.File(f'src_{j:02d}.h5', 'w') as f:
                        f.create_dataset('data', shape=(1000, 10), dtype='<i2')
                    srcs.append(h5py.VirtualSource(f'src_{j:02d}.h5', 'data', shape=(1000, 10)))
                lay = h5py.VirtualLayout((1000, 1000), '<i2')
                for r in range(1000):
                    for c in range(100):
                        lay[r, 10 * c:10 * c + 10] = srcs[(r * 7 + c) % 100][r]
                with h5py.File('many.h5', 'w', libver='latest') as f:
                    f.create_virtual_dataset('v', lay, fillvalue=-1)
                """);
    }

    record Result(int exit, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(exit, out.toString(), err.toString());
    }

    static SvgDocument read(Path svg) throws Exception {
        return new SvgDocument(Files.readString(svg));
    }

    @Test
    void excaliburDrawsSixStripesWhereH5pySaysTheyAre() throws Exception {
        Path out = dir.resolve("excalibur.svg");
        Result r = run("mappings", dir.resolve("full_detector.h5").toString(), "full_frame", "--svg", out.toString());
        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.out).contains("[0:10, 266:522, 0:1536] <- stripe_2.h5:data[ALL]");
        assertThat(r.out).endsWith("Wrote " + out + ": 6 mappings from 6 source files, drawn on axes 1 × 2 (6 blocks)\n");
        SvgDocument svg = read(out);
        List<Element> mappings = svg.mappings();
        assertThat(mappings).hasSize(6);
        assertThat(svg.unmappedRects()).hasSize(5);
        assertThat(svg.legendEntries()).hasSize(6);
        assertThat(svg.all("//g[" + SvgDocument.cls("missing") + "]")).isEmpty();
        assertThat(svg.texts()).anyMatch(t -> t.startsWith("axis 0 (10): not drawn"));

        List<String> bounds = Files.readAllLines(dir.resolve("excalibur_bounds.txt"));
        Element first = svg.rectsOf(mappings.get(0)).get(0);
        double px = SvgDocument.num(first, "width") / 1536;
        for (int i = 0; i < 6; i++) {
            String[] b = bounds.get(i).split(" ");
            Element rect = svg.rectsOf(mappings.get(i)).get(0);
            assertThat(SvgDocument.num(rect, "y") - SvgDocument.num(first, "y")).isCloseTo(Long.parseLong(b[0]) * px, offset(0.02));
            assertThat(SvgDocument.num(rect, "height")).isCloseTo((Long.parseLong(b[1]) - Long.parseLong(b[0])) * px, offset(0.02));
            assertThat(SvgDocument.num(rect, "width")).isCloseTo((Long.parseLong(b[3]) - Long.parseLong(b[2])) * px, offset(0.02));
        }
    }

    @Test
    void percivalWithoutAxesIsDrawnAlongTheFramesWhereItsFilesInterleave() throws Exception {
        Path out = dir.resolve("percival-default.svg");
        Result r = run("mappings", dir.resolve("full_time_series.h5").toString(), "data", "--svg", out.toString());
        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.out).endsWith("Wrote " + out + ": 4 mappings from 4 source files, drawn on axes 0 × 2 (799 blocks)\n");
        SvgDocument svg = read(out);
        assertThat(svg.mappings().stream().map(g -> svg.rectsOf(g).size()).toList()).containsExactly(200, 200, 200, 199);
    }

    @Test
    void anSvgIntoAMissingFolderFailsNamingTheFolder() {
        Path out = dir.resolve("no-such-folder").resolve("x.svg");
        Result r = run("mappings", dir.resolve("full_time_series.h5").toString(), "data", "--svg", out.toString());
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err).isEqualTo("h5vds: " + out + ": the folder " + out.getParent().toAbsolutePath() + " does not exist\n");
    }

    @Test
    void percivalOnAxesZeroAndOneDrawsAStripePerFrame() throws Exception {
        Path out = dir.resolve("percival.svg");
        Result r = run("mappings", dir.resolve("full_time_series.h5").toString(), "data", "--svg", out.toString(), "--axes", "0,1");
        assertThat(r.exit).as(r.err).isZero();
        SvgDocument svg = read(out);
        List<Integer> expected = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("percival_frames.txt"))) expected.add(Integer.parseInt(line.strip()));
        assertThat(svg.mappings().stream().map(g -> svg.rectsOf(g).size()).toList()).isEqualTo(expected).containsExactly(200, 200, 200, 199);
        assertThat(svg.unmappedRects()).isEmpty();
        assertThat(svg.legendEntries()).hasSize(4);
    }

    @Test
    void aMissingPrintfBlockIsDrawnDashedWhenTheGapLetsTheExtentReachPastIt() throws Exception {
        Path out = dir.resolve("printf.svg");
        String file = dir.resolve("printf.h5").toString();
        Result r = run("mappings", file, "p", "--svg", out.toString(), "--printf-gap", "1");
        assertThat(r.exit).as(r.err).isZero();
        SvgDocument svg = read(out);
        List<Element> blocks = svg.mappings();
        assertThat(blocks.stream().map(g -> g.getAttribute("class"))).containsExactly("mapping", "mapping", "mapping missing", "mapping");
        assertThat(SvgDocument.title(blocks.get(2))).contains("p_2.h5");
        assertThat(svg.texts()).anyMatch(t -> t.startsWith("shape (16,)"));

        // without the gap libhdf5's default extent stops before the missing block
        Path plain = dir.resolve("printf-default.svg");
        assertThat(run("mappings", file, "p", "--svg", plain.toString()).exit).isZero();
        assertThat(read(plain).mappings()).hasSize(2);
        assertThat(read(plain).all("//g[" + SvgDocument.cls("missing") + "]")).isEmpty();
    }

    @Test
    void aHundredThousandMappingsFromH5pyMakeASmallPictureWithEveryFileInTheLegend() throws Exception {
        Path file = dir.resolve("many.h5");
        MappingSubject subject;
        try (H5File f = H5File.open(file)) {
            Dataset d = f.dataset("v");
            subject = MappingSubject.of(file.toString(), d);
        }
        assertThat(subject.mappings()).hasSize(100_000);
        long t0 = System.nanoTime();
        String text = new MappingPicture(subject, MappingPicture.axes(null, 2)).svg();
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("drew 100,000 mappings from h5py in %.2f s%n", seconds);
        SvgDocument svg = new SvgDocument(text);
        assertThat(svg.bytes).isLessThan(2_000_000);
        assertThat(svg.legendEntries()).hasSize(100);
        assertThat(svg.legendEntries().stream().map(SvgDocument::title))
                .allMatch(t -> t.matches("src_\\d\\d\\.h5 — 1000 mappings"));

        Path out = dir.resolve("many.svg");
        Result r = run("mappings", file.toString(), "v", "--json", "--svg", out.toString());
        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.out).startsWith("[").endsWith("]\n");
        assertThat(r.err).startsWith("Wrote " + out + ": 100000 mappings from 100 source files, drawn on axes 0 × 1 (merged on a ");
        assertThat(Files.size(out)).isLessThan(2_000_000);
    }

    @Test
    void badAxesAndBadDatasetsFailWithOneLineAndWriteNothing() {
        String detector = dir.resolve("full_detector.h5").toString();
        Path out = dir.resolve("never.svg");
        Result range = run("mappings", detector, "full_frame", "--svg", out.toString(), "--axes", "0,3");
        assertThat(range.exit).isEqualTo(1);
        assertThat(range.err).isEqualTo("h5vds: --axes 0,3: axis 3 is out of range for a 3-D dataset (axes 0..2)\n");
        assertThat(range.out).isEmpty();

        Result same = run("mappings", detector, "full_frame", "--svg", out.toString(), "--axes", "1,-2");
        assertThat(same.exit).isEqualTo(1);
        assertThat(same.err).contains("the two axes must differ");

        Result alone = run("mappings", detector, "full_frame", "--axes", "0,1");
        assertThat(alone.exit).isEqualTo(2);
        assertThat(alone.err).startsWith("h5vds: --axes chooses the axes of the --svg picture: give --svg OUT too");

        Result plain = run("mappings", dir.resolve("stripe_1.h5").toString(), "data", "--svg", out.toString());
        assertThat(plain.exit).isEqualTo(1);
        assertThat(plain.err).contains("not a virtual dataset");

        Result folder = run("mappings", detector, "full_frame", "--svg", dir.resolve("no/such/folder/x.svg").toString());
        assertThat(folder.exit).isEqualTo(1);
        assertThat(folder.err).contains("the folder").contains("does not exist");
        Result isFolder = run("mappings", detector, "full_frame", "--svg", dir.toString());
        assertThat(isFolder.exit).isEqualTo(1);
        assertThat(isFolder.err).isEqualTo("h5vds: " + dir + ": is a folder; give a file name for the picture\n");
        assertThat(out).doesNotExist();
        assertThat(dir.toFile().list((d, name) -> name.endsWith(".part"))).isEmpty();
    }
}
