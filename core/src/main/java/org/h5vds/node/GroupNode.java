package org.h5vds.node;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.h5vds.format.BTreeV2;
import org.h5vds.format.BTreeV2Record;
import org.h5vds.format.Checksum;
import org.h5vds.format.ObjectHeader;
import org.h5vds.format.SymbolTable;
import org.h5vds.format.SymbolTableEntry;
import org.h5vds.format.message.LinkInfoMessage;
import org.h5vds.format.message.LinkMessage;
import org.h5vds.format.message.SymbolTableMessage;
import org.h5vds.io.H5FormatException;

/**
 * A group and its links, in whichever of libhdf5's three storages they live: a symbol table (v1
 * B-tree, local heap and symbol table nodes; files of the 1.6 format), link messages in the header
 * (compact), or a fractal heap indexed by a v2 B-tree of name hashes (dense).
 */
public final class GroupNode extends ObjectNode {
    /** libhdf5 orders link names by strcmp, i.e. by their UTF-8 bytes. */
    static final Comparator<String> NAME_ORDER = (a, b) -> java.util.Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private volatile List<LinkEntry> links;

    GroupNode(OpenFile file, String path, ObjectHeader header) {
        super(file, path, header);
    }

    @Override
    public NodeKind kind() {
        return NodeKind.GROUP;
    }

    /** Every link, in name order (libhdf5's default iteration order). */
    public List<LinkEntry> links() {
        List<LinkEntry> l = links;
        if (l == null) {
            try {
                l = readLinks();
            } catch (H5FormatException e) {
                throw e.inObject(path);
            }
            l.sort(Comparator.comparing(LinkEntry::name, NAME_ORDER));
            links = l = List.copyOf(l);
        }
        return l;
    }

    /** The link named {@code name}, found through the group's index without listing every link. */
    public Optional<LinkEntry> link(String name) {
        List<LinkEntry> known = links;
        if (known != null) return known.stream().filter(e -> e.name().equals(name)).findFirst();
        try {
            return findLink(name);
        } catch (H5FormatException e) {
            throw e.inObject(path);
        }
    }

    /** The object a member name leads to, following soft and external links. */
    public ObjectNode member(String name) {
        LinkEntry e = link(name).orElseThrow(() -> new NoSuchObjectException(file.fileName(), OpenFile.join(path, name)));
        return file.follow(this, e, new int[] {0});
    }

    private List<LinkEntry> readLinks() {
        LinkInfoMessage info = header.find(LinkInfoMessage.class);
        if (info != null && info.isDense()) {
            DenseStorage dense = DenseStorage.links(file, info);
            List<LinkEntry> out = new ArrayList<>();
            dense.names().forEach(r -> out.add(entry(dense.linkMessage(((BTreeV2Record.LinkName) r).heapId()))));
            return out;
        }
        SymbolTableMessage stab = header.find(SymbolTableMessage.class);
        if (stab != null) {
            SymbolTable table = symbolTable(stab);
            List<LinkEntry> out = new ArrayList<>();
            for (SymbolTable.Link l : table.links()) out.add(entry(l.name(), l.entry(), table));
            return out;
        }
        List<LinkEntry> out = new ArrayList<>();
        for (LinkMessage m : header.findAll(LinkMessage.class)) out.add(entry(m));
        return out;
    }

    private Optional<LinkEntry> findLink(String name) {
        LinkInfoMessage info = header.find(LinkInfoMessage.class);
        if (info != null && info.isDense()) {
            DenseStorage dense = DenseStorage.links(file, info);
            byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
            int hash = Checksum.lookup3(utf8);
            BTreeV2Record found = dense.names().find(r -> {
                BTreeV2Record.LinkName rec = (BTreeV2Record.LinkName) r;
                int c = Integer.compareUnsigned(hash, rec.hash());
                if (c != 0) return c;
                return NAME_ORDER.compare(name, dense.linkMessage(rec.heapId()).name());
            });
            return found == null ? Optional.empty()
                    : Optional.of(entry(dense.linkMessage(((BTreeV2Record.LinkName) found).heapId())));
        }
        SymbolTableMessage stab = header.find(SymbolTableMessage.class);
        if (stab != null) {
            SymbolTable table = symbolTable(stab);
            return table.find(name).map(e -> entry(name, e, table));
        }
        for (LinkMessage m : header.findAll(LinkMessage.class)) {
            if (m.name().equals(name)) return Optional.of(entry(m));
        }
        return Optional.empty();
    }

    private SymbolTable symbolTable(SymbolTableMessage stab) {
        var heap = Heaps.local(file, stab.localHeapAddress());
        var sb = file.superblock();
        int groupK = sb.version() <= 1 ? sb.groupInternalNodeK() : 16;
        int leafK = sb.version() <= 1 ? sb.groupLeafNodeK() : 4;
        return new SymbolTable(file.context(), stab.btreeAddress(), groupK, leafK, heap::nameAt);
    }

    private LinkEntry entry(String name, SymbolTableEntry e, SymbolTable table) {
        if (e.isSoftLink()) {
            // the soft link's value sits in the same local heap as the names
            return LinkEntry.soft(name, nameAt(e.softLinkValueOffset()), -1);
        }
        return LinkEntry.hard(name, e.objectHeaderAddress(), -1);
    }

    private String nameAt(long offset) {
        SymbolTableMessage stab = header.require(SymbolTableMessage.class);
        return Heaps.local(file, stab.localHeapAddress()).nameAt(offset);
    }

    static LinkEntry entry(LinkMessage m) {
        if (m.isHard()) return LinkEntry.hard(m.name(), m.address(), m.creationOrder());
        if (m.isSoft()) return LinkEntry.soft(m.name(), m.softLinkValue(), m.creationOrder());
        if (m.isExternal()) return LinkEntry.external(m.name(), m.externalFile(), m.externalObject(), m.creationOrder());
        // a user-defined link (types 65 to 255) is listed like any link and refused only when followed
        return LinkEntry.userDefined(m.name(), m.linkType(), m.creationOrder());
    }
}
