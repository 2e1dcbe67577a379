package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HDF5 1.12's revised references (H5R_REF), written by libhdf5 1.14.3, read: objects, a region, an attribute. */
class RevisedReferencesTest {
    @TempDir
    Path dir;

    @Test
    void objectRegionAndAttributeReferencesResolve() {
        Path file = dir.resolve("refs14.h5");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        String cp = System.getProperty("surefire.test.class.path");
        cmd.add(cp == null || cp.isBlank() ? System.getProperty("java.class.path") : cp);
        cmd.add(org.h5vds.testing.Libhdf5RefWriter.class.getName());
        cmd.add(file.toString());
        Python.Processes.Result r = Python.Processes.runAllowingFailure(cmd, 300);
        assertThat(r.exit()).as(r.err()).isZero();
        try (H5File f = H5File.open(file)) {
            Dataset refs = f.dataset("refs");
            assertThat(refs.dtype()).isEqualTo(DType.REFERENCE);
            assertThat(refs.typeDescription()).contains("H5R_REF");
            NdArray a = refs.read();
            Reference data = a.getReference(0);
            assertThat(data.isRevised()).isTrue();
            assertThat(data.kind()).isEqualTo(Reference.Kind.OBJECT);
            assertThat(data.path()).isEqualTo("/data");
            assertThat(((Dataset) data.dereference()).read().toIntArray()).containsExactly(10, 11, 12, 13);
            assertThat(a.getReference(1).path()).isEqualTo("/grp");
            assertThat(a.getReference(1).dereference()).isInstanceOf(Group.class);
            Reference region = a.getReference(2);
            assertThat(region.kind()).isEqualTo(Reference.Kind.REGION);
            assertThat(region.path()).isEqualTo("/data");
            assertThat(region.readRegion().toIntArray()).containsExactly(11, 12);
            Reference attr = a.getReference(3);
            assertThat(attr.kind()).isEqualTo(Reference.Kind.ATTRIBUTE);
            assertThat(attr.attributeName()).isEqualTo("units");
            assertThat(attr.path()).isEqualTo("/data");
            assertThat(a.toString()).contains("<HDF5 object reference>").contains("<HDF5 region reference>").contains("<HDF5 attribute reference>");
        }
    }
}
