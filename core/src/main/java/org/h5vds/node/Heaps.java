package org.h5vds.node;

import org.h5vds.format.FractalHeap;
import org.h5vds.format.GlobalHeapCollection;
import org.h5vds.format.HugeObjectIndex;
import org.h5vds.format.LocalHeap;

/** The heaps of a file, each decoded once and cached by the file. */
final class Heaps {
    private Heaps() {
    }

    static LocalHeap local(OpenFile file, long address) {
        return file.cached("lheap", address, () -> LocalHeap.read(file.context(), address));
    }

    static FractalHeap fractal(OpenFile file, long address) {
        return file.cached("fheap", address, () -> FractalHeap.read(file.context(), address,
                new HeapFilters(file.context(), address), HugeObjectIndex.fromBTree()));
    }

    static GlobalHeapCollection global(OpenFile file, long address) {
        return file.cached("gheap", address, () -> GlobalHeapCollection.read(file.context(), address));
    }
}
