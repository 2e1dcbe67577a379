package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.h5vds.testing.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The virtual datasets of the fixture matrix (make_fixtures.py) read as h5py read them. */
class VirtualFixtureTest {
    static Stream<Fixtures.DatasetCase> virtualDatasets() {
        return Fixtures.datasets().filter(d -> d.layout().equals("virtual"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("virtualDatasets")
    void readsAsH5pyReadIt(Fixtures.DatasetCase c) {
        try (H5File f = H5File.open(c.filePath())) {
            Dataset d = f.dataset(c.path());
            assertThat(d.isVirtual()).isTrue();
            assertThat(d.layout()).isEqualTo(Dataset.Layout.VIRTUAL);
            assertThat(d.shape().toArray()).containsExactly(c.shapeArray());
            assertThat(d.dtype()).isEqualTo(c.dtypeValue());
            assertThat(d.read()).isEqualTo(c.expectedArray());
        }
    }
}
