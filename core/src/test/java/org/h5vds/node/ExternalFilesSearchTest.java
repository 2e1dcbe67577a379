package org.h5vds.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import org.h5vds.api.H5File;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where an external link's file is looked for: the linking file's folder as opened, the name as
 * given, and last the folder of the linking file's resolved name, which is resolved only when the
 * search gets there (a system call per path component).
 */
class ExternalFilesSearchTest {
    @TempDir
    Path dir;

    @Test
    void theLinkingFilesRealFolderComesLastAndIsResolvedWhenReached() throws Exception {
        Path links = Files.createDirectories(dir.resolve("links"));
        Path real1 = Files.createDirectories(dir.resolve("real1"));
        Path real2 = Files.createDirectories(dir.resolve("real2"));
        for (Path d : new Path[] {real1, real2}) {
            try (H5File f = H5File.create(d.resolve("owner.h5"))) {
                f.createGroup("g");
            }
        }
        Path owner = Files.createSymbolicLink(links.resolve("owner.h5"), real1.resolve("owner.h5"));
        try (OpenFile f = OpenFile.open(owner)) {
            ExternalFiles externals = new ExternalFiles(f);
            Iterator<String> it = externals.candidates("x.h5").iterator();
            assertThat(it.next()).isEqualTo(links.resolve("x.h5").toString());
            assertThat(it.next()).isEqualTo("x.h5");
            // the link moves on before the search gets to the real folder: the folder it points to now is searched
            Files.delete(owner);
            Files.createSymbolicLink(owner, real2.resolve("owner.h5"));
            assertThat(it.next()).isEqualTo(real2.toRealPath().resolve("x.h5").toString());
            assertThat(it.hasNext()).isFalse();
        }
        try (OpenFile f = OpenFile.open(real1.resolve("owner.h5"))) {
            assertThat(new ExternalFiles(f).candidates("x.h5")).as("the real folder is the folder as opened: not tried twice")
                    .containsExactly(real1.resolve("x.h5").toString(), "x.h5");
        }
    }
}
