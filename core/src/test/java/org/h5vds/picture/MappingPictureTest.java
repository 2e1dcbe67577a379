package org.h5vds.picture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.h5vds.api.Index;
import org.h5vds.api.Region;
import org.h5vds.api.UnresolvedSource;
import org.h5vds.api.VirtualSourceInfo;
import org.h5vds.testing.SvgDocument;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * The SVG picture of VDS mappings, from mappings built in memory: what is drawn (blocks per
 * mapping, gaps, legend entries, labels, notes) for the layouts the picture must make readable, and
 * the size and time bounds for 100,000 mappings. {@link MappingsSvgCliTest} draws files h5py wrote.
 */
class MappingPictureTest {

    static VirtualSourceInfo map(Region virtual, String file) {
        return new VirtualSourceInfo(virtual, file, "data", Region.all(3));
    }

    static MappingSubject subject(long[] extent, List<VirtualSourceInfo> mappings, List<UnresolvedSource> missing) {
        return new MappingSubject("test.h5", "/vds", extent, extent, "uint16", "1", mappings, missing);
    }

    static SvgDocument draw(MappingSubject s, String axes) {
        return new SvgDocument(new MappingPicture(s, MappingPicture.axes(axes, s.extent().length)).svg());
    }

    /** Excalibur: 6 stripes of 256 rows with 10-row gaps over a 1536-wide frame, 100 frames. */
    static MappingSubject excalibur() {
        List<VirtualSourceInfo> m = new ArrayList<>();
        for (int i = 0; i < 6; i++) m.add(map(Region.box(new long[] {0, 266L * i, 0}, new long[] {100, 256, 1536}), "stripe_" + (i + 1) + ".h5"));
        return subject(new long[] {100, 6 * 256 + 5 * 10, 1536}, m, List.of());
    }

    @Test
    void excaliburStripesAreSixBlocksWithFiveHatchedGaps() {
        SvgDocument svg = draw(excalibur(), null);
        List<Element> mappings = svg.mappings();
        assertThat(mappings).hasSize(6);
        for (Element g : mappings) assertThat(svg.rectsOf(g)).hasSize(1);
        assertThat(SvgDocument.title(mappings.get(1))).contains("[0:100, 266:522, 0:1536] <- stripe_2.h5:data[ALL]");
        // distinct colours, one per file
        assertThat(mappings.stream().map(g -> g.getAttribute("fill")).distinct()).hasSize(6);

        List<Element> gaps = svg.unmappedRects();
        assertThat(gaps).hasSize(5);
        Element stripe = svg.rectsOf(mappings.get(0)).get(0);
        double rowPx = SvgDocument.num(stripe, "height") / 256;
        for (int k = 0; k < 5; k++) {
            Element gap = gaps.get(k);
            assertThat(SvgDocument.num(gap, "height")).isCloseTo(10 * rowPx, org.assertj.core.data.Offset.offset(0.02));
            assertThat(SvgDocument.num(gap, "y") - SvgDocument.num(stripe, "y")).isCloseTo((256 + 266 * k) * rowPx, org.assertj.core.data.Offset.offset(0.02));
            assertThat(SvgDocument.num(gap, "width")).isEqualTo(SvgDocument.num(stripe, "width"));
        }
        // drawn to scale: 1586 rows by 1536 columns
        assertThat(SvgDocument.num(stripe, "width") / 1536).isCloseTo(rowPx, org.assertj.core.data.Offset.offset(1e-3));

        assertThat(svg.legendEntries()).hasSize(6);
        assertThat(svg.all("//g[" + SvgDocument.cls("legend-fill") + "]/text").get(0).getTextContent()).contains("fill value 1");
        List<String> texts = svg.texts();
        assertThat(texts).contains("stripe_1.h5", "stripe_6.h5", "data[ALL]");
        assertThat(texts).anyMatch(t -> t.startsWith("axis 0 (100): not drawn; all mappings shown projected onto axes 1 × 2"));
        assertThat(texts).contains("axis 1 (1586)", "axis 2 (1536)");
        assertThat(texts).noneMatch(t -> t.startsWith("not to scale"));
        assertThat(svg.all("//g[" + SvgDocument.cls("detail") + "]")).as("no detail: every block is wide").isEmpty();
    }

    /** Percival: four files interleaved along axis 0 (frames 0, 4, 8, ... from the first, and so on). */
    static MappingSubject percival() {
        long[] n = {200, 200, 200, 199};
        List<VirtualSourceInfo> m = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            m.add(map(Region.hyperslab(new long[] {i, 0, 0}, new long[] {4, 1, 1}, new long[] {n[i], 1, 1}, new long[] {1, 100, 100}),
                    "raw_file_" + (i + 1) + ".h5"));
        }
        return subject(new long[] {799, 100, 100}, m, List.of());
    }

    @Test
    void percivalOnAxesZeroAndOneShowsOneStripePerFrame() {
        SvgDocument svg = draw(percival(), "0,1");
        List<Element> mappings = svg.mappings();
        assertThat(mappings).hasSize(4);
        assertThat(mappings.stream().map(g -> svg.rectsOf(g).size())).containsExactly(200, 200, 200, 199);
        assertThat(svg.unmappedRects()).isEmpty();
        // stripes at least a pixel high, so that the interleaving shows
        Element first = svg.rectsOf(mappings.get(0)).get(0);
        Element second = svg.rectsOf(mappings.get(0)).get(1);
        assertThat(SvgDocument.num(first, "height")).isGreaterThanOrEqualTo(1.0);
        assertThat(SvgDocument.num(second, "y") - SvgDocument.num(first, "y")).isCloseTo(4 * SvgDocument.num(first, "height"),
                org.assertj.core.data.Offset.offset(0.02));
        assertThat(svg.texts()).anyMatch(t -> t.startsWith("axis 2 (100): not drawn"));
        assertThat(svg.texts()).anyMatch(t -> t.startsWith("not to scale: axis 0"));
        assertThat(svg.legendEntries()).hasSize(4);

        // the interleaving, too fine at full size, is enlarged: 12 frames, each 20 pixels high and labelled
        assertThat(svg.all("//text[" + SvgDocument.cls("detail-title") + "]").get(0).getTextContent())
                .endsWith("axis 0 from 0 to 12 of 799");
        List<Element> detail = svg.all("//g[" + SvgDocument.cls("detail-mapping") + "]");
        assertThat(detail.stream().map(g -> svg.rectsOf(g).size())).containsExactly(3, 3, 3, 3);
        for (Element g : detail) for (Element r : svg.rectsOf(g)) assertThat(SvgDocument.num(r, "height")).isCloseTo(20, org.assertj.core.data.Offset.offset(0.01));
        assertThat(svg.texts()).contains("raw_file_1.h5  data[ALL]", "raw_file_4.h5  data[ALL]");
    }

    @Test
    void percivalOnTheLastTwoAxesShowsEveryFileOverTheWholeFrameLabelledOnce() {
        SvgDocument svg = draw(percival(), "1,2");
        assertThat(svg.mappings()).hasSize(4);
        for (Element g : svg.mappings()) assertThat(svg.rectsOf(g)).hasSize(1);
        assertThat(svg.unmappedRects()).isEmpty();
        assertThat(svg.texts()).anyMatch(t -> t.startsWith("axis 0 (799): not drawn"));
        // the four blocks cover the same square: only the one on top keeps its label
        List<String> labels = svg.all("//text[" + SvgDocument.cls("label") + "]").stream().map(Element::getTextContent).toList();
        assertThat(labels).hasSize(1);
        assertThat(labels.get(0)).startsWith("raw_file_4.h5");
    }

    @Test
    void byDefaultPercivalIsDrawnAlongItsFramesWhereTheFilesDiffer() {
        assertThat(AxisChoice.of(percival().mappings(), percival().extent())).containsExactly(0, 2);
        SvgDocument svg = draw(percival(), "0,2");
        assertThat(svg.mappings().stream().map(g -> svg.rectsOf(g).size())).containsExactly(200, 200, 200, 199);
    }

    @Test
    void theDefaultAxesAreTheTwoAlongWhichMappingsDifferMost() {
        // Excalibur's stripes differ along the rows only: rows and the last axis
        assertThat(AxisChoice.of(excalibur().mappings(), excalibur().extent())).containsExactly(1, 2);
        // Eiger's files follow each other along the frames: frames and the last axis
        List<VirtualSourceInfo> eiger = new ArrayList<>();
        for (int i = 0; i < 5; i++) eiger.add(map(Region.box(new long[] {7L * i, 0, 0}, new long[] {7, 120, 130}), i + ".h5"));
        assertThat(AxisChoice.of(eiger, new long[] {35, 120, 130})).containsExactly(0, 2);
        // modules tiled on axes 1 and 2 of a 4-D series: those two, though they are not the last
        List<VirtualSourceInfo> tiles = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 3; c++) tiles.add(map(Region.box(new long[] {0, 10L * r, 10L * c, 0}, new long[] {4, 10, 10, 2}), "m.h5"));
        }
        assertThat(AxisChoice.of(tiles, new long[] {4, 20, 30, 2})).containsExactly(1, 2);
        // nothing varies (one mapping): the last two, as before
        assertThat(AxisChoice.of(List.of(map(Region.all(3), "a.h5")), new long[] {5, 6, 7})).containsExactly(1, 2);
        assertThat(AxisChoice.of(List.of(), new long[] {5, 6})).containsExactly(0, 1);
        assertThat(AxisChoice.of(List.of(), new long[] {5})).containsExactly(-1, 0);
    }

    @Test
    void scaleFactorsAreWrittenAsPeopleWriteThem() {
        assertThat(SvgPicture.times(3.4123)).isEqualTo("3.41×");
        assertThat(SvgPicture.times(17.61)).isEqualTo("17.6×");
        assertThat(SvgPicture.times(1375.2)).isEqualTo("1375×");
    }

    @Test
    void aOneDimensionalDatasetIsAStripWithItsGap() {
        List<VirtualSourceInfo> m = List.of(
                new VirtualSourceInfo(Region.box(new long[] {0}, new long[] {40}), "a.h5", "x", Region.all(1)),
                new VirtualSourceInfo(Region.box(new long[] {50}, new long[] {50}), "b.h5", "x", Region.box(new long[] {10}, new long[] {50})));
        SvgDocument svg = draw(subject(new long[] {100}, m, List.of()), null);
        assertThat(svg.mappings()).hasSize(2);
        List<Element> gaps = svg.unmappedRects();
        assertThat(gaps).hasSize(1);
        Element a = svg.rectsOf(svg.mappings().get(0)).get(0);
        assertThat(SvgDocument.num(gaps.get(0), "width")).isCloseTo(SvgDocument.num(a, "width") / 4, org.assertj.core.data.Offset.offset(0.02));
        assertThat(SvgDocument.num(gaps.get(0), "height")).isEqualTo(SvgDocument.num(a, "height"));
        assertThat(svg.all("//text[" + SvgDocument.cls("axis-label") + "]")).hasSize(1);
        assertThat(svg.texts()).contains("x[10:60]");
        assertThat(draw(subject(new long[] {100}, m, List.of()), "0").mappings()).hasSize(2);
    }

    @Test
    void printfBlocksAreDrawnOneByOneAndAMissingBlockIsMarked() {
        Region v = Region.hyperslab(new long[] {0, 0}, new long[] {4, 1}, new long[] {Index.UNLIMITED, 1}, new long[] {3, 8});
        List<VirtualSourceInfo> m = List.of(new VirtualSourceInfo(v, "p_%b.h5", "d", Region.box(new long[] {0, 0}, new long[] {3, 8})));
        SvgDocument svg = draw(subject(new long[] {16, 8}, m, List.of(new UnresolvedSource("p_2.h5", "d", "no such file"))), null);
        List<Element> blocks = svg.mappings();
        assertThat(blocks).hasSize(4);
        assertThat(blocks.stream().map(g -> g.getAttribute("data-block"))).containsExactly("0", "1", "2", "3");
        assertThat(blocks.get(2).getAttribute("class")).isEqualTo("mapping missing");
        assertThat(blocks.get(1).getAttribute("class")).isEqualTo("mapping");
        assertThat(SvgDocument.title(blocks.get(2))).contains("block 2 from p_2.h5:d", "missing: no such file");
        // rows 3, 7, 11, 15 are in no block
        assertThat(svg.unmappedRects()).hasSize(4);
        List<Element> legend = svg.legendEntries();
        assertThat(legend).hasSize(1);
        assertThat(legend.get(0).getAttribute("class")).contains("partly");
        assertThat(SvgDocument.title(legend.get(0))).isEqualTo("p_%b.h5 — 1 mapping, 4 printf blocks, 1 missing (no such file)");
    }

    @Test
    void aMissingSourceIsDashedAndSaidSo() {
        List<VirtualSourceInfo> m = new ArrayList<>();
        for (int i = 0; i < 4; i++) m.add(map(Region.box(new long[] {i, 0}, new long[] {1, 100}), i + ".h5"));
        SvgDocument svg = draw(subject(new long[] {4, 100}, m, List.of(new UnresolvedSource("3.h5", "data", "file not found"))), null);
        assertThat(svg.mappings().stream().map(g -> g.getAttribute("class"))).containsExactly("mapping", "mapping", "mapping", "mapping missing");
        assertThat(svg.mappings().get(3).getAttribute("stroke-dasharray")).isNotEmpty();
        assertThat(svg.texts()).contains("3.h5 (missing)");
        assertThat(svg.legendEntries().get(3).getAttribute("class")).isEqualTo("legend-entry missing");
        assertThat(SvgDocument.title(svg.legendEntries().get(3))).isEqualTo("3.h5 — 1 mapping, missing (file not found)");
    }

    @Test
    void anIrregularUnionIsDrawnAsTheBoxesItCovers() {
        // an L: rows 0-1 across, then the first 3 columns down to row 9; as a 3-D union projected over two frames
        Region union = Region.union(List.of(
                Region.box(new long[] {0, 0, 0}, new long[] {1, 2, 10}),
                Region.box(new long[] {0, 2, 0}, new long[] {1, 8, 3}),
                Region.box(new long[] {1, 0, 0}, new long[] {1, 2, 10})));
        SvgDocument svg = draw(subject(new long[] {2, 10, 10}, List.of(map(union, "u.h5")), List.of()), null);
        assertThat(svg.mappings()).hasSize(1);
        List<Element> rects = svg.rectsOf(svg.mappings().get(0));
        assertThat(rects).hasSize(2);
        double cell = SvgDocument.num(rects.get(0), "width") / 10;
        double area = 0;
        for (Element r : rects) area += SvgDocument.num(r, "width") * SvgDocument.num(r, "height");
        assertThat(area / (cell * cell)).isCloseTo(44, org.assertj.core.data.Offset.offset(0.05));
        List<Element> gaps = svg.unmappedRects();
        assertThat(gaps).hasSize(1);
        assertThat(SvgDocument.num(gaps.get(0), "width") * SvgDocument.num(gaps.get(0), "height") / (cell * cell))
                .isCloseTo(56, org.assertj.core.data.Offset.offset(0.05));
    }

    @Test
    void laterMappingsAreDrawnOverEarlierOnes() {
        List<VirtualSourceInfo> m = List.of(
                map(Region.box(new long[] {0, 0}, new long[] {10, 10}), "under.h5"),
                map(Region.box(new long[] {2, 2}, new long[] {3, 3}), "over.h5"));
        SvgDocument svg = draw(subject(new long[] {10, 10}, m, List.of()), null);
        assertThat(svg.mappings().stream().map(SvgDocument::title).toList()).satisfiesExactly(
                t -> assertThat(t).contains("under.h5"), t -> assertThat(t).contains("over.h5"));
        assertThat(svg.unmappedRects()).isEmpty();
    }

    @Test
    void namesFromTheFileAreEscapedSoTheXmlStaysWellFormed() {
        String hostile = "a<b>&\"c'\u0001]]>.h5";
        SvgDocument svg = draw(subject(new long[] {4, 4}, List.of(map(Region.box(new long[] {0, 0}, new long[] {4, 4}), hostile)), List.of()), null);
        assertThat(SvgDocument.title(svg.legendEntries().get(0))).startsWith("a<b>&\"c'\uFFFD]]>.h5 — 1 mapping");
    }

    @Test
    void mappingsOutsideTheExtentAreCountedNotDrawn() {
        Region unlimited = Region.hyperslab(new long[] {0, 0}, null, new long[] {1, 1}, new long[] {Index.UNLIMITED, 4});
        List<VirtualSourceInfo> m = List.of(
                map(Region.box(new long[] {0, 0}, new long[] {2, 4}), "a.h5"),
                new VirtualSourceInfo(Region.hyperslab(new long[] {8, 0}, new long[] {2, 1}, new long[] {Index.UNLIMITED, 1}, new long[] {1, 4}),
                        "p%b.h5", "d", Region.box(new long[] {0}, new long[] {4})),
                new VirtualSourceInfo(unlimited, "grow.h5", "d", unlimited));
        SvgDocument svg = draw(subject(new long[] {4, 4}, m, List.of()), null);
        assertThat(svg.mappings()).hasSize(2);
        assertThat(svg.texts()).contains("1 mapping (or printf block) lies outside the current extent: not drawn");
        assertThat(svg.legendEntries()).hasSize(3);
    }

    @Test
    void axesAreChosenAndCheckedAsTheOptionDescribes() {
        assertThat(MappingPicture.axes(null, 3)).containsExactly(1, 2);
        assertThat(MappingPicture.axes(null, 2)).containsExactly(0, 1);
        assertThat(MappingPicture.axes(null, 1)).containsExactly(-1, 0);
        assertThat(MappingPicture.axes("0,1", 3)).containsExactly(0, 1);
        assertThat(MappingPicture.axes("2, 0", 3)).containsExactly(2, 0);
        assertThat(MappingPicture.axes("-3,-1", 3)).containsExactly(0, 2);
        assertThat(MappingPicture.axes("0", 1)).containsExactly(-1, 0);
        assertThatThrownBy(() -> MappingPicture.axes("3,1", 3)).hasMessage("--axes 3,1: axis 3 is out of range for a 3-D dataset (axes 0..2)");
        assertThatThrownBy(() -> MappingPicture.axes("1,1", 3)).hasMessage("--axes 1,1: the two axes must differ");
        assertThatThrownBy(() -> MappingPicture.axes("1", 3)).hasMessageContaining("give two axes");
        assertThatThrownBy(() -> MappingPicture.axes("0,x", 3)).hasMessage("--axes 0,x: 'x' is not an axis number");
        assertThatThrownBy(() -> MappingPicture.axes("0,0", 1)).hasMessageContaining("one axis to draw");
    }

    @Test
    void ticksAreRoundAndEndAtTheExtent() {
        assertThat(SvgPicture.ticks(1536, 880, 70)).containsExactly(0L, 200L, 400L, 600L, 800L, 1000L, 1200L, 1400L, 1536L);
        assertThat(SvgPicture.ticks(4, 120, 24)).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(SvgPicture.ticks(1, 880, 70)).containsExactly(0L, 1L);
        // a round tick too close to the end is dropped
        assertThat(SvgPicture.ticks(1030, 880, 70)).containsExactly(0L, 100L, 200L, 300L, 400L, 500L, 600L, 700L, 800L, 900L, 1030L);
    }

    // ---- 100,000 mappings --------------------------------------------------------------------

    /** A 1000 × 1000 plane tiled with 1 × 10 blocks from 100 files in a pattern that defeats merging (file = (row * 7 + tile) % 100). */
    static MappingSubject tiles() {
        List<VirtualSourceInfo> m = new ArrayList<>(100_000);
        for (int r = 0; r < 1000; r++) {
            for (int c = 0; c < 100; c++) {
                m.add(new VirtualSourceInfo(Region.box(new long[] {r, 10L * c}, new long[] {1, 10}),
                        String.format("src_%02d.h5", (r * 7 + c) % 100), "data", Region.box(new long[] {r, 0}, new long[] {1, 10})));
            }
        }
        return new MappingSubject("tiles.h5", "/v", new long[] {1000, 1000}, new long[] {1000, 1000}, "int16", "-1", m, List.of());
    }

    @Test
    void aHundredThousandTilesStaySmallAndListEveryFile() {
        MappingSubject s = tiles();
        long t0 = System.nanoTime();
        String text = new MappingPicture(s, MappingPicture.axes(null, 2)).svg();
        double seconds = (System.nanoTime() - t0) / 1e9;
        SvgDocument svg = new SvgDocument(text);
        assertThat(svg.bytes).isLessThan(2_000_000);
        // printed, not asserted: wall-clock limits fail on a loaded 2-core machine; the mapping
        // picture's linear work is what the size and group counts below pin down
        System.out.printf("drew 100,000 mappings in %.2f s%n", seconds);
        assertThat(svg.legendEntries()).hasSize(100);
        assertThat(svg.mappings()).isEmpty();
        List<Element> groups = svg.all("//g[" + SvgDocument.cls("source") + "]");
        assertThat(groups.size()).isBetween(90, 100);
        assertThat(SvgDocument.title(groups.get(0))).contains("1000 mappings, e.g. ");
        assertThat(svg.unmappedRects()).isEmpty();
        assertThat(svg.texts()).anyMatch(t -> t.startsWith("100000 blocks, too many to draw one by one"));
    }

    @Test
    void aHundredThousandStackedFramesFromManyFilesStaySmall() {
        // every mapping covers the whole drawn plane: the skip links must keep this linear
        List<VirtualSourceInfo> m = new ArrayList<>(100_000);
        for (int k = 0; k < 100_000; k++) {
            m.add(map(Region.box(new long[] {k, 0, 0}, new long[] {1, 2048, 2048}), "frame_" + (k % 1000) + ".h5"));
        }
        MappingSubject s = subject(new long[] {100_000, 2048, 2048}, m, List.of());
        long t0 = System.nanoTime();
        String text = new MappingPicture(s, MappingPicture.axes("1,2", 3)).svg();
        double seconds = (System.nanoTime() - t0) / 1e9;
        SvgDocument svg = new SvgDocument(text);
        System.out.printf("drew 100,000 stacked frames in %.2f s%n", seconds);
        assertThat(svg.bytes).isLessThan(2_000_000);
        assertThat(svg.legendEntries()).hasSize(SvgPicture.MAX_LEGEND);
        assertThat(svg.texts()).contains("… and " + (1000 - SvgPicture.MAX_LEGEND) + " more source files");
        // the last mapping is on top everywhere
        List<Element> groups = svg.all("//g[" + SvgDocument.cls("source") + "]");
        assertThat(groups).hasSize(1);
        assertThat(SvgDocument.title(groups.get(0))).startsWith("frame_999.h5: 100 mappings");
    }

    @Test
    void aHundredThousandStackedFramesOnTheirOwnAxisAreMergedAndTheLegendStillTellsFilesApart() {
        List<VirtualSourceInfo> m = new ArrayList<>(100_000);
        List<UnresolvedSource> missing = new ArrayList<>();
        for (int k = 0; k < 100_000; k++) {
            m.add(map(Region.box(new long[] {k, 0, 0}, new long[] {1, 64, 64}), "/data/visit/2026/scan_0042/frames_" + (k % 1000) + ".h5"));
        }
        for (int j = 0; j < 1000; j++) missing.add(new UnresolvedSource("/data/visit/2026/scan_0042/frames_" + j + ".h5", "data", "file not found"));
        MappingSubject s = subject(new long[] {100_000, 64, 64}, m, missing);
        int[] axes = AxisChoice.of(s.mappings(), s.extent());
        assertThat(axes).containsExactly(0, 2);
        long t0 = System.nanoTime();
        SvgDocument svg = new SvgDocument(new MappingPicture(s, axes).svg());
        assertThat((System.nanoTime() - t0) / 1e9).as("seconds to draw 100,000 stacked frames").isLessThan(3.0);
        assertThat(svg.bytes).isLessThan(2_000_000);
        assertThat(svg.mappings()).as("too many to draw one by one").isEmpty();
        assertThat(svg.texts()).anyMatch(t -> t.startsWith("not to scale: axis 0 drawn 1375× shorter"));
        // names too long for a legend column are cut in the middle, never where the frame number is
        List<String> entries = svg.all("//g[" + SvgDocument.cls("legend-entry") + "]/text").stream().map(Element::getTextContent).toList();
        assertThat(entries).hasSize(SvgPicture.MAX_LEGEND).doesNotHaveDuplicates();
        assertThat(entries.get(123)).endsWith("frames_123.h5");
    }
}
