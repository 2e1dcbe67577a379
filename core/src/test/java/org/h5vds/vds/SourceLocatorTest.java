package org.h5vds.vds;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import org.h5vds.io.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** libhdf5's search order for source files, on remote locations as on paths. */
class SourceLocatorTest {
    private static final VirtualOptions NO_ENV = VirtualOptions.defaults().withEnvironmentPrefix(null);

    @Test
    void aRelativeNameResolvesUnderTheVirtualFilesPrefixThenAsGiven() {
        assertThat(SourceLocator.candidates("0.h5", "s3://bucket/run/VDS.h5", NO_ENV, Stores.local()))
                .containsExactly("s3://bucket/run/0.h5", "0.h5");
        assertThat(SourceLocator.candidates("raw/0.h5", "s3://bucket/VDS.h5", NO_ENV.withPrefix("${ORIGIN}/../other"), Stores.local()))
                .containsExactly("s3://bucket/../other/raw/0.h5", "s3://bucket/raw/0.h5", "raw/0.h5");
    }

    @Test
    void anAbsoluteUriIsTriedFirstThenItsLastComponent() {
        assertThat(SourceLocator.candidates("https://host/data/0.h5", "s3://bucket/run/VDS.h5", NO_ENV.withPrefix("/local/dir"), Stores.local()))
                .containsExactly("https://host/data/0.h5", "/local/dir/0.h5", "s3://bucket/run/0.h5", "0.h5");
    }

    @Test
    void aLocalVirtualFilesRealFolderComesLastAndIsResolvedWhenReached(@TempDir Path dir) throws IOException {
        Path links = Files.createDirectories(dir.resolve("links"));
        Path real1 = Files.createDirectories(dir.resolve("real1"));
        Path real2 = Files.createDirectories(dir.resolve("real2"));
        Files.createFile(real1.resolve("vds.h5"));
        Files.createFile(real2.resolve("vds.h5"));
        Path vds = Files.createSymbolicLink(links.resolve("vds.h5"), real1.resolve("vds.h5"));
        Iterator<String> it = SourceLocator.candidates("0.h5", vds.toString(), NO_ENV, Stores.local()).iterator();
        assertThat(it.next()).isEqualTo(links.resolve("0.h5").toString());
        assertThat(it.next()).isEqualTo("0.h5");
        // the link moves on before the search gets to the real folder: the folder it points to now is searched
        Files.delete(vds);
        Files.createSymbolicLink(vds, real2.resolve("vds.h5"));
        assertThat(it.next()).isEqualTo(real2.toRealPath().resolve("0.h5").toString());
        assertThat(it.hasNext()).isFalse();
        // a real folder that is the folder as opened is not tried twice; one that cannot be resolved adds nothing
        assertThat(SourceLocator.candidates("0.h5", real1.toRealPath().resolve("vds.h5").toString(), NO_ENV, Stores.local()))
                .containsExactly(real1.toRealPath().resolve("0.h5").toString(), "0.h5");
        assertThat(SourceLocator.candidates("0.h5", dir.resolve("none/vds.h5").toString(), NO_ENV, Stores.local()))
                .containsExactly(dir.resolve("none/0.h5").toString(), "0.h5");
    }

    @Test
    void theEnvironmentPrefixKeepsTheColonsOfUris() {
        assertThat(SourceLocator.splitFolders("/a:s3://bucket/p:https://h/x::/b"))
                .containsExactly("/a", "s3://bucket/p", "https://h/x", "", "/b");
        assertThat(SourceLocator.splitFolders("s3://b/p")).containsExactly("s3://b/p");
    }
}
