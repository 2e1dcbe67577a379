package org.h5vds.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.h5vds.api.Dataset;
import org.h5vds.api.H5File;
import org.h5vds.api.ReadOptions;
import org.h5vds.testing.Fixtures;
import org.h5vds.testing.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The fixture matrix read from an S3-compatible server: every dataset equal to h5py's read of the local file. */
class S3ReadTest {
    private static S3Server s3;

    @BeforeAll
    static void upload() throws IOException {
        s3 = S3Server.start().bucket("h5vds");
        try (Stream<Path> files = Files.list(Fixtures.dir())) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".h5"))::iterator) {
                s3.put(p, "h5vds", "fixtures/" + p.getFileName());
            }
        }
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    static Stream<Fixtures.DatasetCase> datasets() {
        return Fixtures.datasets().filter(c -> !c.isNull());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("datasets")
    void readsAsH5pyReadTheLocalFile(Fixtures.DatasetCase c) {
        try (H5File f = H5File.open("s3://h5vds/fixtures/" + c.file(), ReadOptions.defaults().remote(s3.options()))) {
            Dataset d = f.dataset(c.path());
            assertThat(d.shape().toArray()).containsExactly(c.shapeArray());
            assertThat(d.read()).isEqualTo(c.expectedArray());
        }
    }
}
