package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.h5vds.testing.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Everything make_fixtures.py writes with h5py (libhdf5 1.10.8) reads back through h5vds exactly
 * as h5py read it: values, dtype and byte order, shapes, storage properties, groups and attributes.
 */
class FixtureReadTest {
    static Stream<Fixtures.DatasetCase> plainDatasets() {
        return Fixtures.datasets().filter(d -> !d.layout().equals("virtual"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plainDatasets")
    void datasetReadsAsH5pyReadIt(Fixtures.DatasetCase c) {
        try (H5File f = H5File.open(c.filePath())) {
            Dataset d = f.dataset(c.path());
            if (c.isNull()) {
                assertThat(d.isNull()).isTrue();
                assertThat(catchThrowable(d::read)).isInstanceOf(H5Exception.class);
                return;
            }
            assertThat(d.shape().toArray()).containsExactly(c.shapeArray());
            assertThat(d.maxShape().toArray()).containsExactly(c.maxShapeArray());
            assertThat(d.dtype()).isEqualTo(c.dtypeValue());
            assertThat(d.layout().name().toLowerCase()).isEqualTo(c.layout());
            if (c.chunks() != null) {
                assertThat(d.chunks()).get().extracting(Shape::toArray)
                        .isEqualTo(c.chunks().stream().mapToLong(Long::longValue).toArray());
            } else {
                assertThat(d.chunks()).isEmpty();
            }
            assertThat(d.filters().stream().map(Dataset.Filter::id).toList())
                    .isEqualTo(c.filters().stream().map(Fixtures.Filter::id).toList());
            NdArray expected = c.expectedArray();
            assertThat(d.read()).isEqualTo(expected);
        }
    }

    /** Random NumPy selections of every dataset equal the same selection taken from h5py's full read. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("plainDatasets")
    void selectionsMatchTheReference(Fixtures.DatasetCase c) {
        if (c.isNull() || c.shapeArray().length == 0) return;
        long[] shape = c.shapeArray();
        NdArray expected = c.expectedArray();
        Random rnd = new Random(c.path().hashCode());
        try (H5File f = H5File.open(c.filePath())) {
            Dataset d = f.dataset(c.path());
            for (int trial = 0; trial < 6; trial++) {
                String index = NumpyReference.randomIndex(shape, rnd);
                assertThat(d.read(index)).as("%s[%s]", c.path(), index).isEqualTo(NumpyReference.select(expected, index));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.h5vds.testing.Fixtures#groups")
    void groupMembersAreListedAsH5pyListsThem(Fixtures.GroupCase c) {
        try (H5File f = H5File.open(c.filePath())) {
            Group g = c.path().equals("/") ? f.root() : f.group(c.path());
            List<String> names = new ArrayList<>();
            for (Fixtures.Member m : c.members()) names.add(m.name());
            assertThat(g.keys()).containsExactlyElementsOf(names);
            for (Fixtures.Member m : c.members()) {
                Link link = g.links().stream().filter(l -> l.name().equals(m.name())).findFirst().orElseThrow();
                switch (m.kind()) {
                    case "soft" -> assertThat(link.target()).isEqualTo(m.target());
                    case "external" -> {
                        assertThat(link.file()).isEqualTo(m.file());
                        assertThat(link.target()).isEqualTo(m.target());
                    }
                    case "dataset" -> assertThat(g.get(m.name())).isInstanceOf(Dataset.class);
                    case "group" -> assertThat(g.get(m.name())).isInstanceOf(Group.class);
                    case "datatype" -> assertThat(g.get(m.name())).isInstanceOf(NamedDatatype.class);
                    default -> throw new AssertionError("unknown member kind " + m.kind());
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.h5vds.testing.Fixtures#attributes")
    void attributesReadAsH5pyReadsThem(Fixtures.AttributeCase c) {
        try (H5File f = H5File.open(c.filePath())) {
            H5Object owner = f.get(c.object());
            Attribute a = owner.attr(c.name());
            if (c.shape() == null) {
                assertThat(a.isEmpty()).isTrue();
                assertThat(catchThrowable(a::value)).isInstanceOf(H5Exception.class);
                return;
            }
            if (c.string() != null) {
                assertThat(a.isString()).isTrue();
                if (c.value().isArray()) {
                    List<String> want = new ArrayList<>();
                    c.value().forEach(v -> want.add(v.asText()));
                    assertThat(a.strings()).containsExactlyElementsOf(want);
                } else {
                    assertThat(a.string()).isEqualTo(c.value().asText());
                }
                return;
            }
            assertThat(a.dtype()).isEqualTo(DType.parse(c.dtype()));
            assertThat(a.shape().toArray()).containsExactly(c.shape().stream().mapToLong(Long::longValue).toArray());
            if (c.expected() != null) {
                assertThat(a.value()).isEqualTo(c.expectedArray());
            } else {
                assertThat(NumpyReference.fromJson(c.value(), a.dtype(), a.shape().toArray())).isEqualTo(a.value());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.h5vds.testing.Fixtures#corrupt")
    void corruptFilesFailWithAClearError(Fixtures.CorruptCase c) {
        Throwable t = catchThrowable(() -> {
            try (H5File f = H5File.open(c.filePath())) {
                f.visit((path, o) -> {
                    if (o instanceof Dataset d && !d.isNull()) d.read();
                    o.attrs().values().forEach(Attribute::toString);
                });
            }
        });
        assertThat(t).as("%s must fail", c).isInstanceOf(H5Exception.class);
        assertThat(t.getMessage()).contains(c.filePath().getFileName().toString());
    }
}
