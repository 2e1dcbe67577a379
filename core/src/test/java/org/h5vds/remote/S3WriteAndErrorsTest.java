package org.h5vds.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Random;
import org.h5vds.api.CreateMode;
import org.h5vds.api.DType;
import org.h5vds.api.Dataset;
import org.h5vds.api.DatasetOptions;
import org.h5vds.api.H5File;
import org.h5vds.api.NdArray;
import org.h5vds.api.Npy;
import org.h5vds.api.ReadOptions;
import org.h5vds.api.RemoteOptions;
import org.h5vds.api.Shape;
import org.h5vds.api.H5Exception;
import org.h5vds.api.NoSuchFileException;
import org.h5vds.testing.FaultyHttpServer;
import org.h5vds.testing.Python;
import org.h5vds.testing.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Files created on S3: written locally, uploaded at close (in parts when large), nothing under the
 * key before; h5py reads what was uploaded. Errors reaching S3 — a missing object or bucket,
 * access denied, bad credentials, an unreachable endpoint — are one line naming the URI and cause.
 */
class S3WriteAndErrorsTest {
    private static S3Server s3;

    @BeforeAll
    static void start() {
        s3 = S3Server.start().bucket("h5vds");
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    private static NdArray h5pyRead(java.nio.file.Path file, String dataset) throws Exception {
        java.nio.file.Path npy = Files.createTempFile("h5py-", ".npy");
        Python.run("""
                import h5py, numpy as np, sys
                with h5py.File(sys.argv[1], 'r') as f:
                    np.save(sys.argv[3], f[sys.argv[2]][...])
                """, file, dataset, npy);
        NdArray a = Npy.read(npy);
        Files.delete(npy);
        return a;
    }

    @Test
    void aCreatedFileAppearsUnderItsKeyOnlyWhenComplete() throws Exception {
        NdArray data = NdArray.of(new int[] {1, 2, 3, 4, 5, 6}, 2, 3);
        String key = "s3://h5vds/out/small.h5";
        try (H5File f = H5File.create(key, CreateMode.TRUNCATE, s3.options())) {
            assertThat(f.location()).isEqualTo(key);
            f.createDataset("entry/data", data);
            assertThat(s3.file("h5vds", "out/small.h5")).doesNotExist();
            assertThat(catchThrowable(() -> H5File.open(key, ReadOptions.defaults().remote(s3.options())))).isInstanceOf(NoSuchFileException.class);
        }
        assertThat(h5pyRead(s3.file("h5vds", "out/small.h5"), "entry/data")).isEqualTo(data);
        try (H5File f = H5File.open(key, ReadOptions.defaults().remote(s3.options()))) {
            assertThat(f.dataset("entry/data").read()).isEqualTo(data);
        }
        assertThat(catchThrowable(() -> H5File.create(key, CreateMode.EXCLUSIVE, s3.options())))
                .isInstanceOf(H5Exception.class).hasMessageStartingWith(key + ": already exists");
    }

    @Test
    void aLargeFileIsUploadedInPartsAndADiscardedOneNotAtAll() throws Exception {
        short[] frames = new short[40 * 256 * 256];
        Random rnd = new Random(14);
        for (int i = 0; i < frames.length; i++) frames[i] = (short) rnd.nextInt();
        NdArray data = NdArray.of(frames, 40, 256, 256);
        String key = "s3://h5vds/out/large.h5";
        RemoteOptions parts = s3.options().partSize(5L << 20);
        try (H5File f = H5File.create(key, CreateMode.TRUNCATE, parts)) {
            Dataset d = f.createDataset("frames", DType.INT16, Shape.of(40, 256, 256), DatasetOptions.chunked(1, 256, 256));
            d.write("...", data);
        }
        assertThat(Files.size(s3.file("h5vds", "out/large.h5"))).isGreaterThan(5L << 20); // two parts
        assertThat(h5pyRead(s3.file("h5vds", "out/large.h5"), "frames")).isEqualTo(data);
        try (H5File f = H5File.open(key, ReadOptions.defaults().remote(s3.options()))) {
            assertThat(f.dataset("frames").read()).isEqualTo(data);
        }
        H5File discarded = H5File.create("s3://h5vds/out/discarded.h5", CreateMode.TRUNCATE, s3.options());
        discarded.createDataset("x", NdArray.of(new int[] {1}, 1));
        discarded.discard();
        discarded.close();
        assertThat(s3.file("h5vds", "out/discarded.h5")).doesNotExist();
    }

    private static ReadOptions quick(RemoteOptions r) {
        return ReadOptions.defaults().remote(r.retries(2, Duration.ofMillis(5), Duration.ofSeconds(5)));
    }

    @Test
    void failuresAreOneLineNamingTheUriAndTheCause() {
        Throwable missing = catchThrowable(() -> H5File.open("s3://h5vds/no/such.h5", quick(s3.options())));
        assertThat(missing).isInstanceOf(NoSuchFileException.class).hasMessageStartingWith("s3://h5vds/no/such.h5: cannot open: no such object");
        Throwable bucket = catchThrowable(() -> H5File.open("s3://nobucket/x.h5", quick(s3.options())));
        assertThat(bucket).isInstanceOf(NoSuchFileException.class).hasMessageStartingWith("s3://nobucket/x.h5: cannot open: no such bucket");

        s3.put(org.h5vds.testing.Fixtures.dir().resolve("vds.h5"), "h5vds", "in/vds.h5");
        // an endpoint that refuses the request as S3 does (S3Proxy serves its filesystem objects to anyone)
        Throwable denied;
        try (FaultyHttpServer refusing = FaultyHttpServer.serve(s3.root())) {
            refusing.forbid(true);
            String endpoint = refusing.url("").replaceAll("/$", "");
            denied = catchThrowable(() -> H5File.open("s3://h5vds/in/vds.h5", quick(s3.options().s3Endpoint(endpoint))));
            Throwable plain = catchThrowable(() -> H5File.open(refusing.url("h5vds/in/vds.h5"), quick(RemoteOptions.defaults())));
            assertThat(plain).isInstanceOf(H5Exception.class).hasMessage(refusing.url("h5vds/in/vds.h5") + ": cannot open: access denied (HTTP 403)");
        }
        assertThat(denied).isInstanceOf(H5Exception.class)
                .hasMessageStartingWith("s3://h5vds/in/vds.h5: cannot open: access denied (AccessDenied: Access Denied)");
        Throwable badKey;
        try {
            System.setProperty("aws.secretAccessKey", "wrong");
            badKey = catchThrowable(() -> H5File.open("s3://h5vds/in/vds.h5",
                    quick(RemoteOptions.defaults().s3Endpoint(s3.endpoint()).s3Region("us-east-1").concurrency(15))));
        } finally {
            System.setProperty("aws.secretAccessKey", S3Server.SECRET_KEY);
        }
        assertThat(badKey).isInstanceOf(H5Exception.class).hasMessageStartingWith("s3://h5vds/in/vds.h5: cannot open: bad credentials (SignatureDoesNotMatch");
        Throwable unreachable = catchThrowable(() -> H5File.open("s3://h5vds/in/vds.h5", quick(RemoteOptions.defaults().s3Endpoint("http://127.0.0.1:9").s3Region("us-east-1"))));
        assertThat(unreachable).isInstanceOf(H5Exception.class).hasMessageStartingWith("s3://h5vds/in/vds.h5: cannot open: cannot reach http://127.0.0.1:9")
                .hasMessageContaining("after 2 attempts");
        for (Throwable t : new Throwable[] {missing, bucket, denied, badKey, unreachable}) assertThat(t.getMessage()).doesNotContain("\n");
        // anonymous reads of the endpoint that takes them
        try (H5File f = H5File.open("s3://h5vds/in/vds.h5", quick(s3.anonymousOptions()))) {
            assertThat(f.keys()).isNotEmpty();
        }
    }
}
