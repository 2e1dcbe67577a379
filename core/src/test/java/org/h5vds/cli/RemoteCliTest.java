package org.h5vds.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.h5vds.api.NdArray;
import org.h5vds.api.Npy;
import org.h5vds.testing.Fixtures;
import org.h5vds.testing.Nginx;
import org.h5vds.testing.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command takes s3:// and http(s):// files as well as paths; the S3 endpoint, region and
 * unsigned requests are options; failures are one line on stderr naming the URI and the cause.
 */
class RemoteCliTest {
    private static S3Server s3;
    private static Nginx nginx;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        s3 = S3Server.start().bucket("h5vds");
        for (String name : new String[] {"vds.h5", "vds_source_0.h5", "vds_source_1.h5", "vds_source_2.h5", "vds_source_3.h5", "layouts_latest.h5"}) {
            s3.put(Fixtures.dir().resolve(name), "h5vds", "f/" + name);
        }
        nginx = Nginx.serve(Fixtures.dir());
    }

    @AfterAll
    static void stop() {
        s3.close();
        nginx.close();
    }

    private static CliTest.Result s3(String... args) {
        s3.options(); // the test keys in the SDK's system properties
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--s3-endpoint=" + s3.endpoint();
        all[args.length + 1] = "--s3-region=us-east-1";
        return CliTest.run(all);
    }

    private static Fixtures.DatasetCase virtual() {
        return Fixtures.datasets().filter(c -> c.file().equals("vds.h5") && !c.isNull()).findFirst().orElseThrow();
    }

    @Test
    void readingCommandsTakeS3AndHttpFiles() {
        Fixtures.DatasetCase c = virtual();
        CliTest.Result ls = s3("ls", "s3://h5vds/f/vds.h5");
        assertThat(ls.exit()).as(ls.err()).isZero();
        assertThat(ls.out()).contains(c.path());
        Path npy = dir.resolve("v.npy");
        CliTest.Result read = s3("read", "s3://h5vds/f/vds.h5", c.path(), "--npy", npy.toString());
        assertThat(read.exit()).as(read.err()).isZero();
        assertThat(Npy.read(npy)).isEqualTo(c.expectedArray());
        Path npy2 = dir.resolve("h.npy");
        CliTest.Result http = CliTest.run("read", nginx.url("vds.h5"), c.path(), "--npy", npy2.toString());
        assertThat(http.exit()).as(http.err()).isZero();
        assertThat(Npy.read(npy2)).isEqualTo(c.expectedArray());
        CliTest.Result check = s3("check", "s3://h5vds/f/vds.h5");
        // the fixture names a source that was never written: found missing in the bucket, as h5py finds it missing locally
        assertThat(check.exit()).as(check.out() + check.err()).isEqualTo(1);
        assertThat(check.out()).contains("s3://h5vds/f/vds.h5:/with_gaps mapping 1 (missing_source.h5:data): file not found");
        CliTest.Result mappings = s3("mappings", "s3://h5vds/f/vds.h5", c.path(), "--json");
        assertThat(mappings.exit()).as(mappings.err()).isZero();
        assertThat(mappings.out()).contains("vds_source_0.h5");
    }

    @Test
    void writeAndConcatCreateFilesOnS3() throws Exception {
        Path in = dir.resolve("in.npy");
        NdArray a = NdArray.of(new int[] {1, 2, 3, 4, 5, 6}, 3, 2);
        Npy.write(in, a);
        CliTest.Result w = s3("write", "s3://h5vds/out/w.h5", "data", "--from-npy", in.toString());
        assertThat(w.exit()).as(w.err()).isZero();
        assertThat(s3.file("h5vds", "out/w.h5")).exists();
        CliTest.Result again = s3("write", "s3://h5vds/out/w.h5", "data", "--from-npy", in.toString());
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).startsWith("h5vds: s3://h5vds/out/w.h5: already exists");
        CliTest.Result cat = s3("concat", "--output", "s3://h5vds/out/cat.h5", "--dataset", "data", "--axis", "0",
                "s3://h5vds/out/w.h5", "s3://h5vds/out/w.h5:data");
        assertThat(cat.exit()).as(cat.err()).isZero();
        Path npy = dir.resolve("cat.npy");
        CliTest.Result read = s3("read", "s3://h5vds/out/cat.h5", "data", "--npy", npy.toString());
        assertThat(read.exit()).as(read.err()).isZero();
        assertThat(Npy.read(npy).toIntArray()).containsExactly(1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6);
        assertThat(Files.exists(dir.resolve("out"))).isFalse();
    }

    @Test
    void failuresAreOneLineNamingTheUri() {
        CliTest.Result missing = s3("ls", "s3://h5vds/f/none.h5");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("h5vds: s3://h5vds/f/none.h5: cannot open: no such object (NoSuchKey: The specified key does not exist.)\n");
        CliTest.Result http = CliTest.run("ls", nginx.url("none.h5"));
        assertThat(http.err()).isEqualTo("h5vds: " + nginx.url("none.h5") + ": cannot open: no such file (HTTP 404)\n");
        CliTest.Result unreachable = CliTest.run("ls", "s3://h5vds/f/vds.h5", "--s3-endpoint=http://127.0.0.1:9", "--s3-region=us-east-1");
        assertThat(unreachable.exit()).isEqualTo(1);
        assertThat(unreachable.err()).startsWith("h5vds: s3://h5vds/f/vds.h5: cannot open: cannot reach http://127.0.0.1:9").endsWith("\n");
        assertThat(unreachable.err().strip()).doesNotContain("\n");
    }
}
