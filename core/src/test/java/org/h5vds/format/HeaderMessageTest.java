package org.h5vds.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.h5vds.format.message.ContinuationMessage;
import org.h5vds.io.Cursor;
import org.h5vds.io.H5FormatException;
import org.h5vds.testing.MemoryStore;
import org.junit.jupiter.api.Test;

/** What a header message is checked for against the file that holds it. */
class HeaderMessageTest {
    @Test
    void continuationBlockMustLieInsideTheFile() {
        FileContext file = MemoryStore.context(new byte[1 << 16]);
        HeaderMessage outside = read(file, new ContinuationMessage(65500, 100));
        assertThatThrownBy(outside::message).isInstanceOf(H5FormatException.class)
                .hasMessageContaining("runs past the end of the file (65536 bytes)");
        HeaderMessage inside = read(file, new ContinuationMessage(65400, 100));
        assertThat(inside.message()).isEqualTo(new ContinuationMessage(65400, 100));
    }

    private static HeaderMessage read(FileContext file, ContinuationMessage m) {
        Cursor body = new Cursor(ByteBuffer.wrap(m.toBytes(8, 8)), file.fileName(), 1000, 8, 8);
        return HeaderMessage.read(ContinuationMessage.TYPE, 0, 0, body, file, null);
    }
}
