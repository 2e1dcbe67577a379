package org.h5vds.node;

import java.util.ArrayList;
import java.util.List;
import org.h5vds.format.BTreeV2Record;
import org.h5vds.format.HeaderMessage;
import org.h5vds.format.ObjectHeader;
import org.h5vds.format.message.AttributeInfoMessage;
import org.h5vds.format.message.AttributeMessage;
import org.h5vds.format.message.Messages;
import org.h5vds.io.H5FormatException;

/**
 * The attributes of an object: read from its header (compact) or from a fractal heap (dense), or
 * from its {@link AttributeTable} once this session changed them.
 */
final class Attributes {
    private Attributes() {
    }

    static List<AttributeNode> read(ObjectNode owner) {
        try {
            return readAll(owner);
        } catch (H5FormatException e) {
            throw e.inObject(owner.path());
        }
    }

    private static List<AttributeNode> readAll(ObjectNode owner) {
        AttributeTable table = owner.record.attributes;
        List<AttributeNode> out = new ArrayList<>();
        java.util.Map<AttributeNode, Long> orders = new java.util.IdentityHashMap<>();
        if (table != null) {
            for (AttributeTable.Entry e : table.all()) {
                if (e.isStored()) {
                    AttributeMessage a = e.stored();
                    out.add(new AttributeNode(owner.file(), owner.path(), a.name(), a.datatype(), a.dataspace(), a.data()));
                } else {
                    AttributeValue v = e.value();
                    out.add(new AttributeNode(owner.file(), owner.path(), v.name(), v.datatype(), v.dataspace(), v.data()));
                }
                orders.put(out.get(out.size() - 1), table.tracksOrder() ? e.creationOrder() : -1);
            }
        } else {
            ObjectHeader h = owner.header();
            if (h == null) return out;
            for (Stored s : stored(owner, h)) {
                AttributeMessage a = s.message();
                out.add(new AttributeNode(owner.file(), owner.path(), a.name(), a.datatype(), a.dataspace(), a.data()));
                orders.put(out.get(out.size() - 1), s.creationOrder());
            }
        }
        // as h5py lists them (attrs.keys()): creation order when the object tracks it, else by name
        ListingOrder.sort(out, orders::get, AttributeNode::name);
        return out;
    }

    /** The creation orders of {@code owner}'s attributes, as this session left them or as stored. */
    static CreationOrders creationOrders(ObjectNode owner) {
        if (owner.record.attributes != null) return owner.record.attributes.creationOrders();
        ObjectHeader h = owner.header();
        return h == null ? CreationOrders.NONE : storedTable(owner, h).creationOrders();
    }

    /** One stored attribute: resolved message, its bytes and flags as stored, creation order (-1 when not tracked). */
    private record Stored(AttributeMessage message, byte[] body, int flags, long creationOrder) {
    }

    private static List<Stored> stored(ObjectNode owner, ObjectHeader h) {
        OpenFile file = owner.file();
        List<Stored> out = new ArrayList<>();
        boolean tracked = h.isAttributeCreationOrderTracked();
        for (HeaderMessage m : h.messages()) {
            if (m.type() != AttributeMessage.TYPE) continue;
            AttributeMessage a = m.as(AttributeMessage.class);
            if (!a.isResolved()) a = a.resolve(file.sharedMessages());
            out.add(new Stored(a, m.bytes(), m.flags(), tracked ? m.creationOrder() : -1));
        }
        AttributeInfoMessage info = h.find(AttributeInfoMessage.class);
        if (info != null && info.isDense()) {
            DenseStorage dense = DenseStorage.attributes(file, info);
            dense.names().forEach(r -> {
                BTreeV2Record.AttributeName n = (BTreeV2Record.AttributeName) r;
                byte[] heapId = n.heapId();
                int flags = n.messageFlags();
                byte[] body;
                AttributeMessage a;
                if ((flags & Messages.FLAG_SHARED) != 0) {
                    // libhdf5 (H5A__dense_insert) keeps a shared attribute in the shared message heap only, the record
                    // holding that heap's ID; kept here as the attribute it stands for, no longer marked shared
                    SharedMessages.HeapMessage m = file.sharedMessages().heapMessage(AttributeMessage.TYPE, heapId, H5FormatException.NO_OFFSET);
                    body = m.body();
                    a = (AttributeMessage) m.message();
                    flags &= ~Messages.FLAG_SHARED;
                } else {
                    body = dense.objectBytes(heapId);
                    a = dense.attributeMessage(heapId);
                }
                if (!a.isResolved()) a = a.resolve(file.sharedMessages());
                out.add(new Stored(a, body, flags, tracked ? n.creationOrder() : -1));
            });
        }
        return out;
    }

    /** The attribute table of {@code owner}, loaded from the file the first time this session changes it. */
    static AttributeTable table(ObjectNode owner) {
        ObjectRecord r = owner.record;
        if (r.attributes != null) return r.attributes;
        ObjectHeader h = r.header();
        if (h == null) {
            r.attributes = AttributeTable.empty();
            return r.attributes;
        }
        for (HeaderMessage m : h.messages()) {
            if (m.forbidsWritingIfUnknown()) {
                throw new org.h5vds.io.H5Exception(owner.file().fileName() + ": " + owner.path() + ": its header holds a message of unknown type 0x"
                        + Integer.toHexString(m.type()) + " that forbids changing the object unless that type is understood");
            }
        }
        r.attributes = storedTable(owner, h);
        if (r.attributes.tracksOrder() && r.attributeOrderPresets != null) r.attributes.orders().presets(r.attributeOrderPresets); // a copy committed midway
        return r.attributes;
    }

    /** A table of the attributes stored in {@code h}: creation order tracked as the header says, counted on from the Attribute Info message's next order. */
    private static AttributeTable storedTable(ObjectNode owner, ObjectHeader h) {
        List<AttributeTable.Entry> entries = new ArrayList<>();
        for (Stored s : stored(owner, h)) {
            entries.add(new AttributeTable.Entry(s.message().name(), s.message(), s.body(), s.flags(), null, s.creationOrder()));
        }
        AttributeInfoMessage info = h.find(AttributeInfoMessage.class);
        long next = info != null && info.maximumCreationIndex() >= 0 ? info.maximumCreationIndex() : 0;
        return new AttributeTable(entries, h.isAttributeCreationOrderTracked(), next);
    }
}
