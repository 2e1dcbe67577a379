package org.h5vds.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Locations as text: schemes, folders, libhdf5's join, dot segments of object keys. */
class LocationsTest {
    @Test
    void schemesAndLocalPaths() {
        assertThat(Locations.scheme("s3://bucket/key.h5")).isEqualTo("s3");
        assertThat(Locations.scheme("HTTPS://host/x.h5")).isEqualTo("https");
        assertThat(Locations.scheme("/data/x.h5")).isEqualTo("file");
        assertThat(Locations.scheme("raw/x.h5")).isEqualTo("file");
        assertThat(Locations.scheme("file:///data/x.h5")).isEqualTo("file");
        assertThat(Locations.scheme("c:/x.h5")).isEqualTo("file");
        assertThat(Locations.scheme("odd:name.h5")).isEqualTo("file");
        assertThat(Locations.isRemote("hdfs://nn:8020/a.h5")).isTrue();
        assertThat(Locations.isAbsolute("s3://b/k")).isTrue();
        assertThat(Locations.isAbsolute("/a/b")).isTrue();
        assertThat(Locations.isAbsolute("a/b")).isFalse();
        assertThat(Locations.localPath("file:///tmp/a%20b.h5")).isEqualTo(Path.of("/tmp/a b.h5"));
    }

    @Test
    void parentsAndJoins() {
        assertThat(Locations.parent("s3://bucket/run1/VDS.h5")).isEqualTo("s3://bucket/run1");
        assertThat(Locations.parent("s3://bucket/VDS.h5")).isEqualTo("s3://bucket");
        assertThat(Locations.parent("s3://bucket")).isEqualTo("s3://bucket");
        assertThat(Locations.parent("https://host:8080/a/b/c.h5?x=1")).isEqualTo("https://host:8080/a/b");
        assertThat(Locations.parent("/data/run/VDS.h5")).isEqualTo("/data/run");
        assertThat(Locations.parent("VDS.h5")).isEqualTo(Path.of("").toAbsolutePath().toString());
        assertThat(Locations.join("s3://bucket", "0.h5")).isEqualTo("s3://bucket/0.h5");
        assertThat(Locations.join("s3://bucket/", "0.h5")).isEqualTo("s3://bucket/0.h5");
        assertThat(Locations.lastComponent("s3://bucket/run/0.h5")).isEqualTo("0.h5");
        assertThat(Locations.lastComponent("0.h5")).isEqualTo("0.h5");
    }

    @Test
    void dotSegmentsOfRemoteKeysAreResolved() {
        assertThat(Locations.normalizeRemote("s3://b/run/../raw/0.h5")).isEqualTo("s3://b/raw/0.h5");
        assertThat(Locations.normalizeRemote("s3://b/run/./0.h5")).isEqualTo("s3://b/run/0.h5");
        assertThat(Locations.normalizeRemote("s3://b/../../0.h5")).isEqualTo("s3://b/0.h5");
        assertThat(Locations.normalizeRemote("s3://b/a.b/c..h5")).isEqualTo("s3://b/a.b/c..h5");
        assertThat(Locations.normalizeRemote("s3://b")).isEqualTo("s3://b");
        assertThat(Locations.normalizeRemote("s3://b/x/..")).isEqualTo("s3://b/");
    }
}
