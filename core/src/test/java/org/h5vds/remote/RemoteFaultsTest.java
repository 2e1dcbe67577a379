package org.h5vds.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.time.Duration;
import org.h5vds.api.H5File;
import org.h5vds.api.ReadOptions;
import org.h5vds.api.RemoteOptions;
import org.h5vds.api.H5Exception;
import org.h5vds.api.NoSuchFileException;
import org.h5vds.io.RemoteStats;
import org.h5vds.testing.FaultyHttpServer;
import org.h5vds.testing.H5pyVds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A server that answers 503, drops connections, stalls, or replaces the file while it is read:
 * transient failures are retried and the values stay h5py's; a replaced file is an error, never a
 * mix of two files; a failure that does not pass is one line naming the URL and the cause.
 */
class RemoteFaultsTest {
    private static Path dir;
    private static FaultyHttpServer server;

    @BeforeAll
    static void start() {
        dir = H5pyVds.make("faults", """
                with h5py.File('frames.h5', 'w') as f:
                    f.create_dataset('frames', data=np.arange(32 * 64 * 64, dtype='<u2').reshape(32, 64, 64) % 1000,
                                     chunks=(1, 64, 64), compression='gzip', shuffle=True)
                with h5py.File('frames.h5', 'r') as f:
                    save('frames', f['frames'][()])
                    save('first', f['frames'][0:16])
                    save('second', f['frames'][16:32])
                """);
        server = FaultyHttpServer.serve(dir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Small blocks and a small first read, so that a read makes many requests; quick retries. */
    private static ReadOptions small(int attempts) {
        return ReadOptions.defaults().remote(RemoteOptions.defaults().firstRead(4096).blocks(4096, 16384)
                .cacheBytes(1 << 20).retries(attempts, Duration.ofMillis(5), Duration.ofSeconds(2)));
    }

    @Test
    void serviceUnavailableAnswersAreRetried() {
        long retries = RemoteStats.retries();
        try (H5File f = H5File.open(server.url("frames.h5"), small(5))) {
            server.unavailableFor(3);
            assertThat(f.dataset("frames").read()).isEqualTo(H5pyVds.expected(dir, "frames"));
        }
        assertThat(RemoteStats.retries() - retries).isGreaterThanOrEqualTo(3);
    }

    @Test
    void droppedConnectionsAndStallsAreRetried() {
        try (H5File f = H5File.open(server.url("frames.h5"), small(5))) {
            server.dropNext(2);
            assertThat(f.dataset("frames").read("0:16")).isEqualTo(H5pyVds.expected(dir, "first"));
            server.stallNext(1, 3000); // beyond the 2 s request timeout
            assertThat(f.dataset("frames").read("16:32")).isEqualTo(H5pyVds.expected(dir, "second"));
        }
    }

    @Test
    void failuresThatOutlastTheRetriesAreOneLineNamingTheUrl() {
        try (H5File f = H5File.open(server.url("frames.h5"), small(2))) {
            server.unavailableFor(100);
            Throwable t = catchThrowable(() -> f.dataset("frames").read());
            server.unavailableFor(0);
            assertThat(t).isInstanceOf(H5Exception.class).hasMessageStartingWith(server.url("frames.h5") + ": read failed: HTTP 503")
                    .hasMessageContaining("after 2 attempts");
            assertThat(t.getMessage()).doesNotContain("\n");
        }
    }

    @Test
    void aFileReplacedWhileOpenIsAnErrorNotAWrongAnswer() {
        try (H5File f = H5File.open(server.url("frames.h5"), small(3))) {
            server.replaceFiles();
            Throwable t = catchThrowable(() -> f.dataset("frames").read());
            assertThat(t).isInstanceOf(H5Exception.class).hasMessageContaining(server.url("frames.h5"))
                    .hasMessageContaining("changed while it was being read");
        }
        // opened again, the new version reads
        try (H5File f = H5File.open(server.url("frames.h5"), small(3))) {
            assertThat(f.dataset("frames").read()).isEqualTo(H5pyVds.expected(dir, "frames"));
        }
    }

    @Test
    void missingFilesAndUnreachableServersAreNamed() {
        assertThat(catchThrowable(() -> H5File.open(server.url("nothing.h5"), small(2))))
                .isInstanceOf(NoSuchFileException.class).hasMessage(server.url("nothing.h5") + ": cannot open: no such file (HTTP 404)");
        Throwable t = catchThrowable(() -> H5File.open("http://127.0.0.1:9/x.h5", small(2)));
        assertThat(t).isInstanceOf(H5Exception.class).hasMessageStartingWith("http://127.0.0.1:9/x.h5: cannot open: cannot connect to http://127.0.0.1:9")
                .hasMessageContaining("after 2 attempts");
    }
}
