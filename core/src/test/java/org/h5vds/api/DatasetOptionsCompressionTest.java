package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link DatasetOptions#compression(String)}: the names of {@code h5vds write --compression} and the Spark writer. */
class DatasetOptionsCompressionTest {
    private static DatasetOptions base() {
        return DatasetOptions.chunked(4);
    }

    @Test
    void namesGiveTheFiltersTheirMethodsGive() {
        assertThat(base().compression("gzip")).isEqualTo(base().deflate());
        assertThat(base().compression(" GZIP=7 ")).isEqualTo(base().deflate(7));
        assertThat(base().compression("deflate=1")).isEqualTo(base().deflate(1));
        assertThat(base().compression("lzf")).isEqualTo(base().lzf());
        assertThat(base().compression("lz4")).isEqualTo(base().lz4());
        assertThat(base().compression("bitshuffle-lz4")).isEqualTo(base().bitshuffleLz4());
        assertThat(base().compression("zstd")).isEqualTo(base().zstd());
        assertThat(base().compression("zstd=12")).isEqualTo(base().zstd(12));
    }

    @Test
    void wrongNamesAndLevelsAreNamed() {
        assertThatThrownBy(() -> base().compression("snappy")).hasMessageContaining("snappy").hasMessageContaining("unknown compression");
        assertThatThrownBy(() -> base().compression("gzip=x")).hasMessageContaining("gzip=x").hasMessageContaining("whole number");
        assertThatThrownBy(() -> base().compression("lz4=3")).hasMessageContaining("lz4 takes no level");
        assertThatThrownBy(() -> base().compression("gzip=12")).hasMessageContaining("0..9");
    }
}
