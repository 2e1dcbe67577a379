package org.h5vds.node;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.h5vds.format.BTreeV2Record;
import org.h5vds.format.ObjectHeader;
import org.h5vds.format.message.AttributeInfoMessage;
import org.h5vds.format.message.AttributeMessage;
import org.h5vds.io.H5FormatException;

/** Reads the attributes of an object, stored compactly in its header or densely in a fractal heap. */
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
        ObjectHeader h = owner.header();
        List<AttributeMessage> messages = new ArrayList<>(h.findAll(AttributeMessage.class));
        AttributeInfoMessage info = h.find(AttributeInfoMessage.class);
        if (info != null && info.isDense()) {
            DenseStorage dense = DenseStorage.attributes(owner.file(), info);
            dense.names().forEach(r -> messages.add(dense.attributeMessage(((BTreeV2Record.AttributeName) r).heapId())));
        }
        List<AttributeNode> out = new ArrayList<>();
        for (AttributeMessage m : messages) {
            AttributeMessage a = m.isResolved() ? m : m.resolve(owner.file().sharedMessages());
            out.add(new AttributeNode(owner.file(), owner.path(), a.name(), a.datatype(), a.dataspace(), a.data()));
        }
        out.sort(Comparator.comparing(AttributeNode::name, GroupNode.NAME_ORDER));
        return out;
    }
}
