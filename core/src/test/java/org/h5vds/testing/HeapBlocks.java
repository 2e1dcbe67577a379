package org.h5vds.testing;

import java.nio.file.Path;
import org.h5vds.format.GlobalHeapCollection;
import org.h5vds.node.DatasetNode;
import org.h5vds.node.OpenFile;

/** The stored mapping list of a virtual dataset: the bytes of its global heap object, whoever wrote the file. */
public final class HeapBlocks {
    private HeapBlocks() {
    }

    /** The heap object's bytes, exactly as long as its Object Size field says. */
    public static byte[] of(Path file, String dataset) {
        try (OpenFile f = OpenFile.open(file)) {
            DatasetNode d = (DatasetNode) f.resolve(dataset);
            GlobalHeapCollection heap = GlobalHeapCollection.read(f.context(), d.layout().globalHeapAddress());
            int index = (int) d.layout().globalHeapIndex();
            byte[] bytes = heap.objectBytes(index);
            if (bytes.length != heap.info(index).size()) throw new AssertionError("object size field " + heap.info(index).size() + " for " + bytes.length + " bytes");
            return bytes;
        }
    }
}
