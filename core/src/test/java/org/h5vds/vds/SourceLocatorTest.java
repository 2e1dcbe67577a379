package org.h5vds.vds;

import static org.assertj.core.api.Assertions.assertThat;

import org.h5vds.io.Stores;
import org.junit.jupiter.api.Test;

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
    void theEnvironmentPrefixKeepsTheColonsOfUris() {
        assertThat(SourceLocator.splitFolders("/a:s3://bucket/p:https://h/x::/b"))
                .containsExactly("/a", "s3://bucket/p", "https://h/x", "", "/b");
        assertThat(SourceLocator.splitFolders("s3://b/p")).containsExactly("s3://b/p");
    }
}
