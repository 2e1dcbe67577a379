package org.h5vds.node;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.h5vds.format.BTreeV2Builder;
import org.h5vds.format.BTreeV2Record;
import org.h5vds.format.Checksum;
import org.h5vds.format.EncodedBlock;
import org.h5vds.format.EncodedStructure;
import org.h5vds.format.FractalHeapBuilder;
import org.h5vds.format.FractalHeapHeader;
import org.h5vds.format.message.AttributeInfoMessage;
import org.h5vds.format.message.AttributeMessage;
import org.h5vds.format.message.LinkInfoMessage;
import org.h5vds.format.message.LinkMessage;
import org.h5vds.io.FileSink;

/**
 * Writes links or attributes in dense storage, as libhdf5 does once a group or an object has more
 * than fits compactly: each message in a fractal heap (libhdf5's parameters for link and for
 * attribute heaps), and a v2 B-tree indexing them by the lookup3 hash of their names (type 5 for
 * links, type 8 for attributes), records ordered by hash and then by name as libhdf5 compares them
 * (H5G__dense_btree2_name_compare, H5A__dense_btree2_name_compare).
 */
final class DenseStorageWriter {
    private static final int OFFSET_SIZE = 8;
    private static final int LENGTH_SIZE = 8;

    private DenseStorageWriter() {
    }

    private record Named<R>(byte[] name, R record) {
    }

    private static final Comparator<Named<? extends BTreeV2Record>> ORDER = (a, b) -> {
        int c = Integer.compareUnsigned(hash(a.record()), hash(b.record()));
        return c != 0 ? c : Arrays.compareUnsigned(a.name(), b.name());
    };

    private static int hash(BTreeV2Record r) {
        if (r instanceof BTreeV2Record.LinkName l) return l.hash();
        return ((BTreeV2Record.AttributeName) r).hash();
    }

    /** Writes the links of a dense group; returns its Link Info message. */
    static LinkInfoMessage links(FileSink sink, List<LinkMessage> links) {
        FractalHeapBuilder heap = new FractalHeapBuilder(FractalHeapBuilder.Parameters.links(), OFFSET_SIZE, LENGTH_SIZE);
        List<Named<BTreeV2Record>> records = new ArrayList<>(links.size());
        for (LinkMessage m : links) {
            byte[] id = heap.add(m.toBytes(OFFSET_SIZE, LENGTH_SIZE));
            byte[] name = m.name().getBytes(StandardCharsets.UTF_8);
            records.add(new Named<>(name, new BTreeV2Record.LinkName(Checksum.lookup3(name), id)));
        }
        long heapAddress = writeHeap(sink, heap);
        long index = writeIndex(sink, BTreeV2Builder.forLinkNames(OFFSET_SIZE, LENGTH_SIZE), records);
        return LinkInfoMessage.dense(heapAddress, index);
    }

    /** Writes the attributes of an object in dense storage; returns its Attribute Info message. */
    static AttributeInfoMessage attributes(FileSink sink, List<AttributeMessage> attributes) {
        FractalHeapBuilder heap = new FractalHeapBuilder(FractalHeapBuilder.Parameters.attributes(), OFFSET_SIZE, LENGTH_SIZE);
        List<Named<BTreeV2Record>> records = new ArrayList<>(attributes.size());
        for (AttributeMessage m : attributes) {
            byte[] id = heap.add(m.toBytes(OFFSET_SIZE, LENGTH_SIZE));
            byte[] name = m.name().getBytes(StandardCharsets.UTF_8);
            records.add(new Named<>(name, new BTreeV2Record.AttributeName(id, 0, 0, Checksum.lookup3(name))));
        }
        long heapAddress = writeHeap(sink, heap);
        long index = writeIndex(sink, BTreeV2Builder.forAttributeNames(OFFSET_SIZE, LENGTH_SIZE), records);
        return AttributeInfoMessage.dense(heapAddress, index);
    }

    private static long writeHeap(FileSink sink, FractalHeapBuilder heap) {
        long address = sink.allocate(FractalHeapHeader.size(OFFSET_SIZE, LENGTH_SIZE, 0));
        FractalHeapBuilder.Encoded encoded = heap.encode(address, (indirect, heapOffset, size) -> sink.allocate(size), sink::allocate);
        for (FractalHeapBuilder.Piece p : encoded.pieces()) sink.write(p.address(), p.bytes());
        return address;
    }

    private static long writeIndex(FileSink sink, BTreeV2Builder builder, List<Named<BTreeV2Record>> records) {
        records.sort(ORDER);
        List<BTreeV2Record> sorted = new ArrayList<>(records.size());
        for (Named<BTreeV2Record> n : records) sorted.add(n.record());
        EncodedStructure s = builder.build(sorted, sink::allocate);
        for (EncodedBlock b : s.blocks()) sink.write(b.address(), b.bytes());
        return s.address();
    }
}
