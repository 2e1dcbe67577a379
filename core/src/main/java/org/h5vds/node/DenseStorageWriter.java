package org.h5vds.node;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.h5vds.format.BTreeV2Builder;
import org.h5vds.format.BTreeV2Header;
import org.h5vds.format.BTreeV2Record;
import org.h5vds.format.BTreeV2RecordFormat;
import org.h5vds.format.Checksum;
import org.h5vds.format.EncodedBlock;
import org.h5vds.format.EncodedStructure;
import org.h5vds.format.FractalHeapBuilder;
import org.h5vds.format.FractalHeapHeader;
import org.h5vds.format.message.AttributeInfoMessage;
import org.h5vds.format.message.LinkInfoMessage;
import org.h5vds.format.message.LinkMessage;
import org.h5vds.io.Cursor;

/**
 * Writes links or attributes in dense storage, as libhdf5 does once a group or an object has more
 * than fits compactly: each message in a fractal heap (libhdf5's parameters for link and for
 * attribute heaps), a v2 B-tree indexing them by the lookup3 hash of their names (type 5 for
 * links, type 8 for attributes), records ordered by hash and then by name as libhdf5 compares them
 * (H5G__dense_btree2_name_compare, H5A__dense_btree2_name_compare), and, when the group or object
 * indexes creation order, a second v2 B-tree by creation order (types 6 and 9).
 */
final class DenseStorageWriter {
    /** Node size, split and merge percent of the creation order indexes (H5G_CORDER_BT2_*, H5A_CORDER_BT2_*). */
    private static final int CREATION_ORDER_NODE_SIZE = 512;

    private DenseStorageWriter() {
    }

    /** One attribute to store: its encoded message, the message flags and creation order (-1 when not tracked). */
    record Attribute(String name, byte[] message, int flags, long creationOrder) {
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

    /** Writes the links of a dense group without creation order; returns its Link Info message. */
    static LinkInfoMessage links(WritePlan sink, List<LinkMessage> links) {
        return links(sink, links, LinkInfoMessage.compact());
    }

    /**
     * Writes the links of a dense group; returns its Link Info message: {@code info}'s flags, the
     * largest creation order, and the new heap and indexes.
     */
    static LinkInfoMessage links(WritePlan sink, List<LinkMessage> links, LinkInfoMessage info) {
        int offsetSize = sink.offsetSize();
        int lengthSize = sink.lengthSize();
        FractalHeapBuilder heap = new FractalHeapBuilder(FractalHeapBuilder.Parameters.links(), offsetSize, lengthSize);
        List<Named<BTreeV2Record>> records = new ArrayList<>(links.size());
        List<BTreeV2Record> byOrder = new ArrayList<>();
        for (LinkMessage m : links) {
            byte[] id = heap.add(m.toBytes(offsetSize, lengthSize));
            byte[] name = m.name().getBytes(StandardCharsets.UTF_8);
            records.add(new Named<>(name, new BTreeV2Record.LinkName(Checksum.lookup3(name), id)));
            if (info.isCreationOrderIndexed()) byOrder.add(new BTreeV2Record.LinkCreationOrder(m.creationOrder(), id));
        }
        long heapAddress = writeHeap(sink, heap);
        long index = writeIndex(sink, BTreeV2Builder.forLinkNames(offsetSize, lengthSize), records);
        long orderIndex = Cursor.UNDEFINED;
        if (info.isCreationOrderIndexed()) {
            byOrder.sort(Comparator.comparingLong(r -> ((BTreeV2Record.LinkCreationOrder) r).creationOrder()));
            BTreeV2RecordFormat f = BTreeV2RecordFormat.of(BTreeV2Header.TYPE_LINK_CREATION_ORDER, 8 + BTreeV2Builder.LINK_HEAP_ID_LENGTH,
                    offsetSize, lengthSize, 0);
            orderIndex = write(sink, new BTreeV2Builder(f, CREATION_ORDER_NODE_SIZE, BTreeV2Builder.SPLIT_PERCENT, BTreeV2Builder.MERGE_PERCENT,
                    offsetSize, lengthSize).build(byOrder, sink::allocate));
        }
        return new LinkInfoMessage(info.version(), info.flags(), info.maximumCreationIndex(), heapAddress, index, orderIndex);
    }

    /** Writes the attributes of an object in dense storage; returns its Attribute Info message ({@code info}'s flags and largest creation order). */
    static AttributeInfoMessage attributes(WritePlan sink, List<Attribute> attributes, AttributeInfoMessage info) {
        int offsetSize = sink.offsetSize();
        int lengthSize = sink.lengthSize();
        boolean indexed = (info.flags() & AttributeInfoMessage.FLAG_CREATION_ORDER_INDEXED) != 0;
        FractalHeapBuilder heap = new FractalHeapBuilder(FractalHeapBuilder.Parameters.attributes(), offsetSize, lengthSize);
        List<Named<BTreeV2Record>> records = new ArrayList<>(attributes.size());
        List<BTreeV2Record> byOrder = new ArrayList<>();
        for (Attribute a : attributes) {
            byte[] id = heap.add(a.message());
            byte[] name = a.name().getBytes(StandardCharsets.UTF_8);
            long order = Math.max(0, a.creationOrder());
            records.add(new Named<>(name, new BTreeV2Record.AttributeName(id, a.flags(), order, Checksum.lookup3(name))));
            if (indexed) byOrder.add(new BTreeV2Record.AttributeCreationOrder(id, a.flags(), order));
        }
        long heapAddress = writeHeap(sink, heap);
        long index = writeIndex(sink, BTreeV2Builder.forAttributeNames(offsetSize, lengthSize), records);
        long orderIndex = Cursor.UNDEFINED;
        if (indexed) {
            byOrder.sort(Comparator.comparingLong(r -> ((BTreeV2Record.AttributeCreationOrder) r).creationOrder()));
            BTreeV2RecordFormat f = BTreeV2RecordFormat.of(BTreeV2Header.TYPE_ATTRIBUTE_CREATION_ORDER, 8 + 1 + 4, offsetSize, lengthSize, 0);
            orderIndex = write(sink, new BTreeV2Builder(f, CREATION_ORDER_NODE_SIZE, BTreeV2Builder.SPLIT_PERCENT, BTreeV2Builder.MERGE_PERCENT,
                    offsetSize, lengthSize).build(byOrder, sink::allocate));
        }
        return new AttributeInfoMessage(info.version(), info.flags(), info.maximumCreationIndex(), heapAddress, index, orderIndex);
    }

    private static long writeHeap(WritePlan sink, FractalHeapBuilder heap) {
        long address = sink.allocate(FractalHeapHeader.size(sink.offsetSize(), sink.lengthSize(), 0));
        FractalHeapBuilder.Encoded encoded = heap.encode(address, (indirect, heapOffset, size) -> sink.allocate(size), sink::allocate);
        for (FractalHeapBuilder.Piece p : encoded.pieces()) sink.write(p.address(), p.bytes());
        return address;
    }

    private static long writeIndex(WritePlan sink, BTreeV2Builder builder, List<Named<BTreeV2Record>> records) {
        records.sort(ORDER);
        List<BTreeV2Record> sorted = new ArrayList<>(records.size());
        for (Named<BTreeV2Record> n : records) sorted.add(n.record());
        return write(sink, builder.build(sorted, sink::allocate));
    }

    private static long write(WritePlan sink, EncodedStructure s) {
        for (EncodedBlock b : s.blocks()) sink.write(b.address(), b.bytes());
        return s.address();
    }
}
