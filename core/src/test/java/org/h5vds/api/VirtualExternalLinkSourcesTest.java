package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.h5vds.cli.Main;
import org.h5vds.testing.H5pyVds;
import org.junit.jupiter.api.Test;

/**
 * Virtual dataset sources reached through external links, read as h5py reads them. The Eiger/Odin
 * master-file layout: the source file is "." and each source dataset path is an external link to a
 * data file, which may not be written yet or may have moved; libhdf5 then reads the fill value,
 * and h5vds also lists the source as unresolved, reports it in {@code check}, and fails the read
 * with {@link MissingSources#ERROR}. Also a source path through an external link to a group in
 * another source file.
 */
class VirtualExternalLinkSourcesTest {
    @Test
    void sourcesBehindExternalLinksReadAsInLibhdf5AndDanglingOnesAreMissing() {
        Path dir = H5pyVds.make("vds-external-links", """
                with h5py.File('tar.h5', 'w') as f:
                    f.create_group('group')['dset'] = np.arange(10, 20, dtype='<i4')
                with h5py.File('src.h5', 'w', libver='latest') as f:
                    f['ext'] = h5py.ExternalLink('tar.h5', '/group')
                    f.create_group('group')['dset'] = np.arange(-20, -10, dtype='<i4')   # must not be read
                with h5py.File('data_000001.h5', 'w') as f:
                    f['data'] = np.arange(100, 110, dtype='<i4')
                with h5py.File('master.h5', 'w', libver='latest') as f:
                    f['entry/data/data_000001'] = h5py.ExternalLink('data_000001.h5', '/data')
                    f['entry/data/data_000002'] = h5py.ExternalLink('data_000002.h5', '/data')       # not written yet
                    f['entry/data/data_000003'] = h5py.ExternalLink('moved/data_000003.h5', '/data') # moved away
                    f['direct'] = h5py.ExternalLink('tar.h5', '/group/dset')
                    lay = h5py.VirtualLayout((5, 10), '<i4')
                    lay[0] = h5py.VirtualSource('.', '/entry/data/data_000001', shape=(10,))
                    lay[1] = h5py.VirtualSource('.', '/entry/data/data_000002', shape=(10,))
                    lay[2] = h5py.VirtualSource('.', '/direct', shape=(10,))
                    lay[3] = h5py.VirtualSource('src.h5', '/ext/dset', shape=(10,))
                    lay[4] = h5py.VirtualSource('.', '/entry/data/data_000003', shape=(10,))
                    f.create_virtual_dataset('v', lay, fillvalue=-1)
                with h5py.File('master.h5', 'r') as f:
                    save('before', f['v'][()])
                with h5py.File('data_000002.h5', 'w') as f:
                    f['data'] = np.arange(200, 210, dtype='<i4')
                with h5py.File('master.h5', 'r') as f:
                    save('after', f['v'][()])
                os.rename('data_000002.h5', 'data_000002.later')
                """);
        NdArray before = H5pyVds.expected(dir, "before");
        assertThat(before.toIntArray()).startsWith(100, 101).contains(-1, 10, 11);
        try (H5File f = H5File.open(dir.resolve("master.h5"))) {
            Dataset v = f.dataset("v");
            assertThat(v.read()).isEqualTo(before);
            assertThat(v.unresolvedSources()).extracting(u -> u.fileName() + ":" + u.datasetName())
                    .containsExactly(".:/entry/data/data_000002", ".:/entry/data/data_000003");
            assertThat(v.unresolvedSources().get(0).problem()).contains("data_000002.h5").contains("not found");
            assertThat(v.checkSources()).extracting(SourceProblem::mapping).containsExactly(1, 4);
            assertThat(v.checkSources().get(0).toString()).contains("mapping 1").contains("data_000002.h5");
        }
        try (H5File f = H5File.open(dir.resolve("master.h5"), ReadOptions.defaults().missingSources(MissingSources.ERROR))) {
            Dataset v = f.dataset("v");
            assertThat(v.read("2:4, 0:10")).isEqualTo(NumpyReference.select(before, "2:4, 0:10"));
            Throwable t = catchThrowable(() -> v.read("1"));
            assertThat(t).isInstanceOf(H5Exception.class).hasMessageContaining("mapping 1").hasMessageContaining("data_000002")
                    .hasMessageContaining("missing");
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new String[] {"check", dir.resolve("master.h5").toString()}, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).contains("mapping 1").contains("data_000002.h5").contains("mapping 4");

        // the data file appears: a refreshed (or reopened) dataset reads it, as a new h5py read does
        try (H5File f = H5File.open(dir.resolve("master.h5"))) {
            Dataset v = f.dataset("v");
            assertThat(v.read()).isEqualTo(before);
            rename(dir.resolve("data_000002.later"), dir.resolve("data_000002.h5"));
            assertThat(v.refresh().read()).isEqualTo(H5pyVds.expected(dir, "after"));
            assertThat(v.unresolvedSources()).extracting(UnresolvedSource::datasetName).containsExactly("/entry/data/data_000003");
        }
    }

    private static void rename(Path from, Path to) {
        try {
            java.nio.file.Files.move(from, to);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
