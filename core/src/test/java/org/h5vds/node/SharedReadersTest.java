package org.h5vds.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.h5vds.io.LocalFiles;
import org.h5vds.io.Store;
import org.h5vds.io.StoreProvider;
import org.h5vds.io.Stores;
import org.h5vds.testing.Python;
import org.h5vds.testing.SwmrWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readers of a file already open for reading share that opening (its store, decoded headers and
 * structures), as libhdf5 shares an open file between its handles, but only while the file is as
 * it was then: a file another program changed since, a file a writer has open (live), or one
 * opened through another provider gets an opening of its own. Closing one handle leaves the
 * others reading; closing all gives the file back to writers.
 */
class SharedReadersTest {
    @TempDir
    Path dir;

    private Path made(String name) {
        Path p = dir.resolve(name);
        Python.run("""
                import sys, h5py, numpy as np
                with h5py.File(sys.argv[1], 'w') as f:
                    f.create_dataset('g/d', data=np.arange(10, dtype='<i4'))
                """, p);
        return p;
    }

    @Test
    void readersOfAnUnchangedFileShareOneOpeningUntilTheLastCloses() {
        Path p = made("shared.h5");
        OpenFile a = OpenFile.open(p);
        OpenFile b = OpenFile.open(p);
        assertThat(b.store()).isSameAs(a.store());
        assertThat(b.resolve("g/d")).isInstanceOf(DatasetNode.class);
        a.close();
        // the other handle reads on: the store is still open
        assertThat(((DatasetNode) b.resolve("/g/d")).storageDims()).containsExactly(10);
        OpenFile c = OpenFile.open(p);
        assertThat(c.store()).isSameAs(b.store());
        b.close();
        c.close();
        // every reader gone: a writer may open the file, and a reader after it opens it afresh
        OpenFile w = OpenFile.openForWriting(p, NodeOptions.defaults());
        w.close();
        try (OpenFile d = OpenFile.open(p)) {
            assertThat(d.store()).isNotSameAs(c.store());
            assertThat(d.resolve("g/d")).isInstanceOf(DatasetNode.class);
        }
    }

    @Test
    void aFileChangedSinceItWasOpenedIsOpenedAfresh() {
        Path p = made("changed.h5");
        try (OpenFile a = OpenFile.open(p)) {
            assertThat(a.resolve("g/d")).isInstanceOf(DatasetNode.class);
            Python.run("""
                    import sys, h5py, numpy as np
                    with h5py.File(sys.argv[1], 'r+') as f:
                        f.create_dataset('added', data=np.arange(3, dtype='<i8'))
                    """, p);
            try (OpenFile b = OpenFile.open(p)) {
                assertThat(b.store()).isNotSameAs(a.store());
                assertThat(((DatasetNode) b.resolve("added")).storageDims()).containsExactly(3);
            }
        }
        // both counts given back
        OpenFile.openForWriting(p, NodeOptions.defaults()).close();
    }

    @Test
    void aFileOpenedThroughAnotherProviderGetsItsOwnOpening() {
        Path p = made("provider.h5");
        StoreProvider own = new StoreProvider() {
            @Override
            public Store open(String location) {
                return LocalFiles.INSTANCE.open(location);
            }

            @Override
            public String identify(String location) {
                return LocalFiles.INSTANCE.identify(location);
            }
        };
        try (OpenFile a = OpenFile.open(p);
             OpenFile c = OpenFile.open(p, NodeOptions.defaults().withStores(Stores.remote(org.h5vds.io.RemoteSettings.defaults())));
             OpenFile b = OpenFile.open(p, NodeOptions.defaults().withStores(Stores.local().with("file", own)))) {
            // other stores whose local files are the built-in provider's share
            assertThat(c.store()).isSameAs(a.store());
            assertThat(b.store()).isNotSameAs(a.store());
        }
    }

    @Test
    void aFileAWriterHasOpenIsNeverShared() {
        Path p = SwmrWriter.killedH5py(dir.resolve("live.h5"),
                "f.create_dataset('d', data=np.arange(4, dtype='<i4'), chunks=(4,), maxshape=(None,))");
        try (OpenFile a = OpenFile.open(p); OpenFile b = OpenFile.open(p)) {
            assertThat(a.isLive()).isTrue();
            assertThat(b.store()).isNotSameAs(a.store());
        }
    }
}
