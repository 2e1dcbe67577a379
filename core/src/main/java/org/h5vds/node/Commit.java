package org.h5vds.node;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.h5vds.format.FileContext;
import org.h5vds.format.HeaderMessage;
import org.h5vds.format.ObjectHeader;
import org.h5vds.format.message.AttributeInfoMessage;
import org.h5vds.format.message.AttributeMessage;
import org.h5vds.format.message.DataLayoutMessage;
import org.h5vds.format.message.Dataspace;
import org.h5vds.format.message.GroupInfoMessage;
import org.h5vds.format.message.LinkInfoMessage;
import org.h5vds.format.message.LinkMessage;
import org.h5vds.format.message.Messages;
import org.h5vds.format.message.ReferenceCountMessage;
import org.h5vds.format.message.SymbolTableMessage;
import org.h5vds.io.Cursor;
import org.h5vds.storage.ChunkGeometry;
import org.h5vds.storage.ChunkIndex;
import org.h5vds.storage.ChunkIndexUpdate;
import org.h5vds.storage.ChunkedWriter;
import org.h5vds.storage.CompactWriter;
import org.h5vds.storage.ContiguousWriter;

/**
 * Works out one round of a commit of a {@link Session}: writes the raw data still held and every
 * object made in this session into fresh space (children before the groups that link to them),
 * and plans the rewrites of stored objects that changed — their headers, and the structures their
 * links, attributes and chunks live in — as a {@link WritePlan}.
 *
 * <p>Link counts order the rounds, so that an object is never reachable through more hard links
 * than its header counts (libhdf5 would free it while a link remains): {@link Round#UP} raises
 * the counts of objects gaining links; {@link Round#MAIN} makes every other change, keeping links
 * that moved to another group in their old place too; {@link Round#DOWN} then drops those and
 * lowers the counts of objects that lost links.
 */
final class Commit {
    /** Messages this large go to dense storage (H5O_MESG_MAX_SIZE). */
    static final int MESSAGE_MAX_SIZE = 65536;
    /** H5O_CRT_ATTR_MAX_COMPACT_DEF: a new object's most attributes in its header. */
    static final int MAX_COMPACT_ATTRIBUTES = 8;

    enum Round { UP, MAIN, DOWN }

    private final Session session;
    private final OpenFile file;
    private final WritePlan plan;
    private final Round round;
    private final GlobalHeapWriter heap;
    private final int offsetSize;
    private final int lengthSize;
    /** The dataspace message the record being planned gets (a grown extent), for {@link #rememberHeader}. */
    private HeaderMessage spaceWritten;

    Commit(Session session, OpenFile file, WritePlan plan, Round round) {
        this.session = session;
        this.file = file;
        this.plan = plan;
        this.round = round;
        this.heap = new GlobalHeapWriter(plan, file);
        this.offsetSize = plan.offsetSize();
        this.lengthSize = plan.lengthSize();
    }

    /** Whether {@code r} needs this round. */
    static boolean needs(Round round, ObjectRecord r) {
        return switch (round) {
            case UP -> r.isWritten() && r.linksAdded > 0;
            case MAIN -> true;
            case DOWN -> r.isWritten() && (r.linksRemoved > 0 || (r.links != null && r.links.hasLeaving()));
        };
    }

    /** Runs the round's work; returns the new root group's address for a new file, else undefined. */
    long run(List<ObjectRecord> changed) {
        long root = Cursor.UNDEFINED;
        List<ObjectRecord> stored = new ArrayList<>();
        for (ObjectRecord r : changed) if (r.isWritten() && needs(round, r)) stored.add(r);
        if (round == Round.MAIN && session.root() != null && !session.root().isWritten()) root = writeNew(session.root());
        for (ObjectRecord r : stored) {
            // a SWMR writer's frame: the header chunk it wrote last time, with the new extent (no read, no re-planning)
            if (round == Round.MAIN && r.dataset != null && r.links == null && r.attributes == null && patchHeader(r.dataset)) continue;
            ObjectHeader h = r.header();
            HeaderRewrite rw = new HeaderRewrite(plan, h);
            spaceWritten = null;
            switch (round) {
                case UP -> referenceCount(rw, h, h.referenceCount() + r.linksAdded);
                case MAIN -> {
                    if (r.dataset != null) planDataset(r, h, rw);
                    if (r.links != null) planLinks(r, h, rw, true);
                    if (r.attributes != null) planAttributes(r, h, rw);
                }
                case DOWN -> {
                    if (r.links != null && r.links.hasLeaving()) planLinks(r, h, rw, false);
                    long count = h.referenceCount() - r.linksRemoved;
                    if (r.linksRemoved > 0 && count >= 1) referenceCount(rw, h, count);
                }
            }
            rw.plan(WritePlan.STAGE_HEADERS);
            if (round == Round.MAIN && r.dataset != null) rememberHeader(r.dataset, rw);
        }
        heap.finish();
        return root;
    }

    // ---- objects made in this session --------------------------------------------------------

    /** Writes an object made in this session (and what it links to) into fresh space; returns its address. */
    private long writeNew(ObjectRecord r) {
        if (r.isWritten()) return r.address();
        writeNewBelow(r);
        return writeHeader(r);
    }

    /** Writes the header of a new object whose new children are written already; returns its address. */
    private long writeHeader(ObjectRecord r) {
        List<HeaderMessage> messages = new ArrayList<>();
        switch (r.kind) {
            case GROUP -> messages.addAll(newGroupMessages(r));
            case DATASET -> {
                // a named datatype the header points to is written first, for its address
                if (r.dataset.committedType() != null) writeNew(r.dataset.committedType());
                r.dataset.finishNew(plan);
                messages.addAll(r.dataset.newHeaderMessages(offsetSize, lengthSize));
            }
            case DATATYPE -> messages.add(HeaderMessage.of(r.committedType, Messages.FLAG_CONSTANT | Messages.FLAG_DONT_SHARE, 0,
                    offsetSize, lengthSize)); // as libhdf5 writes a committed type's own message
        }
        AttributeTable attributes = r.attributes == null ? AttributeTable.empty() : r.attributes;
        if (attributes.size() > 0) messages.addAll(attributeMessages(attributes, MAX_COMPACT_ATTRIBUTES));
        // the hard links made to it besides the one it was created with: libhdf5 counts every link in the
        // header, and frees the object when a deletion brings the count to 0
        if (r.linksAdded > 0) messages.add(HeaderMessage.of(new ReferenceCountMessage(0, 1 + r.linksAdded), offsetSize, lengthSize));
        // h5py's track_order asks libhdf5 to track and index attribute creation order: header flags, and a
        // creation order in every message's prefix
        ObjectHeader.V2Prefix prefix = attributes.tracksOrder() ? ObjectHeader.V2Prefix.trackingAttributeOrder() : ObjectHeader.V2Prefix.plain();
        long address = HeaderWriter.write(plan, messages, r.reservation, prefix);
        r.linksAdded = 0;
        r.reservation = null;
        r.written(address);
        file.recordWritten(r);
        // settled with the changed records at the end of the commit (a dataset's writer is finished: the next write starts another)
        session.changed(r);
        return address;
    }

    /**
     * Writes the objects made in this session that {@code top} links to, and theirs, deepest first
     * (each header needs its children's addresses), with a stack of its own: a session may nest
     * new groups thousands deep, deeper than writing each while writing its parent would reach.
     */
    private void writeNewBelow(ObjectRecord top) {
        java.util.ArrayDeque<java.util.Map.Entry<ObjectRecord, java.util.Iterator<LinkTable.Link>>> stack = new java.util.ArrayDeque<>();
        java.util.Set<ObjectRecord> open = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        stack.push(java.util.Map.entry(top, newLinks(top)));
        open.add(top);
        while (!stack.isEmpty()) {
            java.util.Iterator<LinkTable.Link> links = stack.peek().getValue();
            ObjectRecord child = null;
            while (child == null && links.hasNext()) {
                LinkTable.Link l = links.next();
                if (l.kind() == LinkEntry.Kind.HARD && l.created() != null && !l.created().isWritten()) child = l.created();
            }
            if (child != null) {
                // GroupNode.hardLink writes a group before a link back up to it is made: a cycle here is one it did not see
                if (!open.add(child)) throw new IllegalStateException("hard links among objects made in this session form a cycle");
                stack.push(java.util.Map.entry(child, newLinks(child)));
                continue;
            }
            ObjectRecord done = stack.pop().getKey();
            open.remove(done);
            if (done != top && !done.isWritten()) writeHeader(done); // its own children are written by now
        }
    }

    /** The links a new object holds (a group's, leaving ones too, as {@link #newGroupMessages} stores them). */
    private static java.util.Iterator<LinkTable.Link> newLinks(ObjectRecord r) {
        return r.kind == NodeKind.GROUP && r.links != null ? r.links.toStore(true).iterator() : java.util.Collections.emptyIterator();
    }

    /**
     * A new group's messages: a Link Info and a Group Info message and, for at most
     * {@link GroupInfoMessage#DEFAULT_MAX_COMPACT} links, the Link messages themselves; beyond that
     * the links go to dense storage, as libhdf5 does with its default group creation properties.
     */
    private List<HeaderMessage> newGroupMessages(ObjectRecord r) {
        List<LinkMessage> links = linkMessages(r.links.toStore(true));
        List<HeaderMessage> messages = new ArrayList<>();
        HeaderMessage info = HeaderMessage.of(GroupInfoMessage.defaults(), Messages.FLAG_CONSTANT, 0, offsetSize, lengthSize);
        // h5py's track_order: creation order tracked and indexed, the Link Info message holding the next order to give
        LinkInfoMessage linkInfo = r.links.tracksOrder() ? LinkInfoMessage.tracked(r.links.nextCreationOrder(true)) : LinkInfoMessage.compact();
        if (mustBeDense(links, GroupInfoMessage.DEFAULT_MAX_COMPACT)) {
            messages.add(info);
            messages.add(HeaderMessage.of(DenseStorageWriter.links(plan, links, linkInfo), offsetSize, lengthSize));
        } else {
            messages.add(HeaderMessage.of(linkInfo, offsetSize, lengthSize));
            messages.add(info);
            for (LinkMessage m : links) messages.add(HeaderMessage.of(m, offsetSize, lengthSize));
        }
        return messages;
    }

    /** More links than {@code maxCompact}, or one too large for a header message (H5G__obj_insert). */
    private boolean mustBeDense(List<LinkMessage> links, int maxCompact) {
        if (links.size() > maxCompact) return true;
        for (LinkMessage m : links) if (m.encodedSize(offsetSize, lengthSize) >= MESSAGE_MAX_SIZE) return true;
        return false;
    }

    /** The Link messages of {@code links}, hard links' targets made in this session written first. */
    private List<LinkMessage> linkMessages(List<LinkTable.Link> links) {
        List<LinkMessage> out = new ArrayList<>(links.size());
        for (LinkTable.Link l : links) out.add(linkMessage(l));
        return out;
    }

    private LinkMessage linkMessage(LinkTable.Link l) {
        int charset = AttributeValue.isAscii(l.name()) ? 0 : 1;
        return switch (l.kind()) {
            case HARD -> LinkMessage.hard(l.name(), l.created() != null ? writeNew(l.created()) : l.address(), l.creationOrder(), charset);
            case SOFT -> LinkMessage.soft(l.name(), l.target(), l.creationOrder(), charset);
            case EXTERNAL -> LinkMessage.external(l.name(), l.externalFile(), l.target(), l.creationOrder(), charset);
            case USER_DEFINED -> throw new IllegalStateException("link \"" + l.name() + "\": user-defined links are not written");
        };
    }

    // ---- stored objects ----------------------------------------------------------------------

    /**
     * Replaces the first stored message of {@code type} by {@code m}; returns the message added. Its flags are kept but
     * "shared" and "shareable": the new message is in no shared-message index, and libhdf5 looks a shareable one up there
     * when it changes it ("message not in index").
     */
    private static HeaderMessage replace(HeaderRewrite rw, ObjectHeader h, int type, org.h5vds.format.message.Message m, int offsetSize,
                                         int lengthSize) {
        for (HeaderMessage old : h.messages()) {
            if (old.type() != type) continue;
            rw.remove(old);
            HeaderMessage added = HeaderMessage.of(m, old.flags() & ~(Messages.FLAG_SHARED | Messages.FLAG_SHAREABLE), Math.max(0, old.creationOrder()), offsetSize, lengthSize);
            rw.add(added);
            return added;
        }
        HeaderMessage added = HeaderMessage.of(m, offsetSize, lengthSize);
        rw.add(added);
        return added;
    }

    /**
     * After a SWMR writer's header rewrite whose writer goes on (its index updated in place): the
     * chunk written and where the new dataspace lies in it, for {@link #patchHeader} next time;
     * forgotten when the rewrite wrote more than one chunk or the dataspace cannot be found in it.
     */
    private void rememberHeader(DatasetWriter d, HeaderRewrite rw) {
        if (!session.isSwmr() || !d.goesOnAfterCommit()) return;
        org.h5vds.format.EncodedBlock chunk = rw.rewrittenChunk();
        d.headerPatch(chunk == null || spaceWritten == null ? null
                : HeaderPatch.find(chunk.address(), chunk.bytes(), spaceWritten.bytes(), spaceWritten.as(Dataspace.class)));
    }

    /**
     * A SWMR flush that only grows the extent of a dataset whose writer went on from the last
     * flush ({@link HeaderPatch}): updates its extensible array in place and plans the header chunk
     * written last time with the new dimensions and checksum, as the general path would write it
     * (the same messages in the same places: only the dataspace changes). False, having written
     * nothing, when that is not the case: the general path then does the work.
     */
    private boolean patchHeader(DatasetWriter d) {
        HeaderPatch last = d.headerPatch();
        if (!session.isSwmr() || last == null || !(d.storage() instanceof ChunkedWriter c) || !d.extentChanged() || c.indexRebuildAsked()
                || c.committedIndex() == null) {
            return false;
        }
        Dataspace space = last.space().withDims(d.dims());
        HeaderPatch next = last.with(HeaderMessage.of(space, offsetSize, lengthSize).bytes(), space);
        if (next == null) return false;
        c.flush();
        Map<long[], org.h5vds.storage.ChunkLocation> changes = c.changes();
        ChunkIndex after = ChunkIndexUpdate.appendInPlace(session.raw(), d.storedLayout(), geometry(d), c.committedIndex(), changes);
        if (after == null) return false;
        d.indexUpdatedInPlace(after);
        d.headerPatch(next);
        plan.overwrite(WritePlan.STAGE_HEADERS, next.address(), next.chunk());
        return true;
    }

    /** The dataset's chunk geometry with its extent now. */
    private static ChunkGeometry geometry(DatasetWriter d) {
        long[] dims = d.isScalar() ? new long[] {1} : d.dims();
        long[] max = d.isScalar() ? new long[] {1} : d.maxDims();
        long[] chunk = d.chunkDims();
        int[] chunkInts = new int[chunk.length];
        for (int i = 0; i < chunk.length; i++) chunkInts[i] = (int) chunk[i];
        return new ChunkGeometry(dims, max, chunkInts, d.datatype().size());
    }

    private void referenceCount(HeaderRewrite rw, ObjectHeader h, long count) {
        if (h.version() == 1) {
            rw.referenceCount(count);
            return;
        }
        for (HeaderMessage old : h.messages()) if (old.type() == ReferenceCountMessage.TYPE) rw.remove(old);
        if (count > 1) rw.add(HeaderMessage.of(new ReferenceCountMessage(0, count), offsetSize, lengthSize));
    }

    /** The new extent and the storage written since: dataspace and layout messages, and the chunk index. */
    private void planDataset(ObjectRecord r, ObjectHeader h, HeaderRewrite rw) {
        DatasetWriter d = r.dataset;
        if (!d.isStored()) return;
        DataLayoutMessage layout = d.storedLayout();
        DataLayoutMessage changed = null;
        if (d.storage() instanceof ChunkedWriter c) {
            c.flush();
            Map<long[], org.h5vds.storage.ChunkLocation> changes = c.changes();
            if (!changes.isEmpty() || c.indexRebuildAsked()) {
                ChunkGeometry g = geometry(d);
                boolean filtered = d.filters() != null && !d.filters().filters().isEmpty();
                // a SWMR writer's writer is the stored index's (made from the header as committed, or kept from the last
                // flush, see DatasetWriter#indexUpdatedInPlace): no need to read and decode the header and index again
                ChunkIndex base = session.isSwmr() && c.committedIndex() != null ? c.committedIndex()
                        : new DatasetNode(file, d.path(), r).storedChunkIndex();
                // SWMR: an extensible array updated where it lies, as libhdf5 does (H5EA_set), the header then written with the
                // new extent; the layout message does not change. Anything else writes a new index and layout message
                ChunkIndex after = session.isSwmr() && d.extentChanged() && !c.indexRebuildAsked()
                        ? ChunkIndexUpdate.appendInPlace(session.raw(), layout, g, base, changes) : null;
                if (after != null) {
                    d.indexUpdatedInPlace(after);
                } else {
                    changed = ChunkIndexUpdate.apply(session.raw(), layout, g, filtered, base, changes, c.indexRebuildAsked(),
                            BTreeK.of(file).indexedStorage(), offsetSize, lengthSize, d.where());
                }
            }
        } else if (d.storage() instanceof ContiguousWriter c) {
            if (c.address() != layout.dataAddress()) changed = layout.withAddress(c.address());
        } else if (d.storage() instanceof CompactWriter c) {
            byte[] data = c.data();
            if (!Arrays.equals(data, layout.compactData())) changed = layout.withCompactData(data);
        }
        if (changed != null) replace(rw, h, DataLayoutMessage.TYPE, changed, offsetSize, lengthSize);
        if (d.extentChanged()) {
            Dataspace stored = h.require(Dataspace.class);
            spaceWritten = replace(rw, h, Dataspace.TYPE, stored.withDims(d.dims()), offsetSize, lengthSize);
        }
    }

    /** The group's links as its table says, in whichever storage the group uses or must now use. */
    private void planLinks(ObjectRecord r, ObjectHeader h, HeaderRewrite rw, boolean withLeaving) {
        List<LinkTable.Link> links = r.links.toStore(withLeaving);
        SymbolTableMessage stab = h.find(SymbolTableMessage.class);
        if (stab != null) {
            boolean fits = true;
            for (LinkTable.Link l : links) fits &= SymbolTableWriter.canHold(l);
            if (fits) {
                for (LinkTable.Link l : links) if (l.created() != null) writeNew(l.created());
                SymbolTableWriter.plan(file, plan, stab, links);
                return;
            }
            // libhdf5 turns an old-style group into a new-style one for a link a symbol table cannot hold (H5G__obj_insert)
            for (HeaderMessage m : h.messages()) if (m.type() == SymbolTableMessage.TYPE) rw.remove(m);
            StorageBlocks.symbolTable(file, stab, plan::release);
            List<LinkMessage> messages = linkMessages(links);
            if (mustBeDense(messages, GroupInfoMessage.DEFAULT_MAX_COMPACT)) {
                rw.add(HeaderMessage.of(DenseStorageWriter.links(plan, messages), offsetSize, lengthSize));
            } else {
                rw.add(HeaderMessage.of(LinkInfoMessage.compact(), offsetSize, lengthSize));
                for (LinkMessage m : messages) rw.add(HeaderMessage.of(m, offsetSize, lengthSize));
            }
            rw.add(HeaderMessage.of(GroupInfoMessage.defaults(), Messages.FLAG_CONSTANT, 0, offsetSize, lengthSize));
            if (r.address() == file.rootAddress()) session.rootLostSymbolTable();
            return;
        }
        LinkInfoMessage info = h.find(LinkInfoMessage.class);
        if (info == null) info = LinkInfoMessage.compact();
        GroupInfoMessage gi = h.find(GroupInfoMessage.class);
        int maxCompact = gi == null ? GroupInfoMessage.DEFAULT_MAX_COMPACT : gi.maximumCompact();
        int minDense = gi == null ? GroupInfoMessage.DEFAULT_MIN_DENSE : gi.minimumDense();
        LinkInfoMessage withOrder = info.isCreationOrderTracked()
                ? new LinkInfoMessage(info.version(), info.flags(), r.links.nextCreationOrder(withLeaving), info.fractalHeapAddress(), info.nameIndexAddress(),
                        info.creationOrderIndexAddress())
                : info;
        List<LinkMessage> messages = linkMessages(links);
        boolean dense = info.isDense() ? messages.size() >= minDense || mustBeDense(messages, Integer.MAX_VALUE)
                : mustBeDense(messages, maxCompact);
        if (info.isDense()) {
            // replaced by new dense storage or by link messages: free once this commit is durable
            StorageBlocks.dense(file.context(), info.fractalHeapAddress(), info.nameIndexAddress(), info.creationOrderIndexAddress(), plan::release);
        }
        if (dense) {
            for (HeaderMessage m : h.messages()) if (m.type() == LinkMessage.TYPE) rw.remove(m);
            LinkInfoMessage newInfo = DenseStorageWriter.links(plan, messages, withOrder);
            replace(rw, h, LinkInfoMessage.TYPE, newInfo, offsetSize, lengthSize);
            return;
        }
        // compact: keep the stored Link messages that stay as they are
        Map<String, LinkMessage> wanted = new HashMap<>();
        for (LinkMessage m : messages) wanted.put(m.name(), m);
        for (HeaderMessage m : h.messages()) {
            if (m.type() != LinkMessage.TYPE) continue;
            LinkMessage stored = m.as(LinkMessage.class);
            LinkMessage w = wanted.get(stored.name());
            if (w != null && w.equals(stored)) wanted.remove(stored.name());
            else rw.remove(m);
        }
        for (LinkMessage m : messages) if (wanted.containsKey(m.name())) rw.add(HeaderMessage.of(m, offsetSize, lengthSize));
        LinkInfoMessage compactInfo = new LinkInfoMessage(info.version(), info.flags(), withOrder.maximumCreationIndex(), Cursor.UNDEFINED,
                Cursor.UNDEFINED, Cursor.UNDEFINED);
        if (!compactInfo.equals(info)) replace(rw, h, LinkInfoMessage.TYPE, compactInfo, offsetSize, lengthSize);
    }

    /** The object's attributes as its table says, compact or dense as libhdf5 would keep them. */
    private void planAttributes(ObjectRecord r, ObjectHeader h, HeaderRewrite rw) {
        AttributeTable table = r.attributes;
        List<AttributeTable.Entry> entries = table.all();
        AttributeInfoMessage info = h.find(AttributeInfoMessage.class);
        if (h.version() == 1) {
            // version 1 headers hold every attribute themselves
            diffCompactAttributes(h, rw, entries);
            return;
        }
        int maxCompact = h.maxCompactAttributes();
        int minDense = h.minDenseAttributes();
        boolean wasDense = info != null && info.isDense();
        boolean big = false;
        List<byte[]> encoded = new ArrayList<>();
        for (AttributeTable.Entry e : entries) {
            // a stored body flagged shared is a reference into the shared-message heap (the header's form): dense
            // storage gets the attribute it stands for, written unshared
            byte[] b = !e.isStored() ? e.value().message(heap).toBytes(offsetSize, lengthSize)
                    : (e.storedFlags() & Messages.FLAG_SHARED) != 0 ? e.stored().toBytes(offsetSize, lengthSize)
                    : e.storedBody();
            big |= b.length >= MESSAGE_MAX_SIZE;
            encoded.add(b);
        }
        boolean dense = big || (wasDense ? entries.size() >= minDense : entries.size() > maxCompact);
        AttributeInfoMessage base = info != null ? info : AttributeInfoMessage.compact();
        int flags = base.flags();
        if (h.isAttributeCreationOrderTracked()) flags |= AttributeInfoMessage.FLAG_CREATION_ORDER_TRACKED;
        if (h.isAttributeCreationOrderIndexed()) flags |= AttributeInfoMessage.FLAG_CREATION_ORDER_INDEXED;
        int maxIndex = (flags & AttributeInfoMessage.FLAG_CREATION_ORDER_TRACKED) != 0 ? (int) table.nextCreationOrder() : -1;
        if (wasDense) {
            // replaced by new dense storage or by attribute messages: free once this commit is durable
            StorageBlocks.dense(file.context(), info.fractalHeapAddress(), info.nameIndexAddress(), info.creationOrderIndexAddress(), plan::release);
        }
        if (dense) {
            for (HeaderMessage m : h.messages()) if (m.type() == AttributeMessage.TYPE) rw.remove(m);
            List<DenseStorageWriter.Attribute> list = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                AttributeTable.Entry e = entries.get(i);
                list.add(new DenseStorageWriter.Attribute(e.name(), encoded.get(i), e.isStored() ? e.storedFlags() & ~Messages.FLAG_SHARED : 0,
                        e.creationOrder()));
            }
            AttributeInfoMessage template = new AttributeInfoMessage(base.version(), flags, maxIndex, Cursor.UNDEFINED, Cursor.UNDEFINED, Cursor.UNDEFINED);
            replace(rw, h, AttributeInfoMessage.TYPE, DenseStorageWriter.attributes(plan, list, template), offsetSize, lengthSize);
            return;
        }
        diffCompactAttributes(h, rw, entries);
        if (info != null || !entries.isEmpty()) {
            AttributeInfoMessage compact = new AttributeInfoMessage(base.version(), flags, maxIndex, Cursor.UNDEFINED, Cursor.UNDEFINED, Cursor.UNDEFINED);
            if (!compact.equals(info)) {
                if (info == null) rw.add(HeaderMessage.of(compact, Messages.FLAG_DONT_SHARE, 0, offsetSize, lengthSize));
                else replace(rw, h, AttributeInfoMessage.TYPE, compact, offsetSize, lengthSize);
            }
        }
    }

    /** Keeps the stored Attribute messages that stay as they are; removes the others; adds the rest of {@code entries}. */
    private void diffCompactAttributes(ObjectHeader h, HeaderRewrite rw, List<AttributeTable.Entry> entries) {
        Map<String, AttributeTable.Entry> wanted = new HashMap<>();
        for (AttributeTable.Entry e : entries) wanted.put(e.name(), e);
        for (HeaderMessage m : h.messages()) {
            if (m.type() != AttributeMessage.TYPE) continue;
            String name = m.as(AttributeMessage.class).name();
            AttributeTable.Entry e = wanted.get(name);
            if (e != null && e.isStored() && Arrays.equals(e.storedBody(), m.bytes())) wanted.remove(name);
            else rw.remove(m);
        }
        for (AttributeTable.Entry e : entries) {
            if (!wanted.containsKey(e.name())) continue;
            int order = (int) Math.max(0, e.creationOrder());
            if (e.isStored()) {
                rw.add(HeaderMessage.raw(AttributeMessage.TYPE, e.storedFlags(), order, e.storedBody()));
            } else {
                AttributeMessage a = e.value().message(heap);
                if (a.encodedSize(offsetSize, lengthSize) > 0xFFFF) {
                    throw new IllegalArgumentException(file.fileName() + ": attribute \"" + e.name() + "\" of " + a.encodedSize(offsetSize, lengthSize)
                            + " bytes does not fit a version 1 object header (at most 65535 bytes a message; libhdf5 fails too)");
                }
                rw.add(HeaderMessage.of(a, 0, order, offsetSize, lengthSize));
            }
        }
    }

    /**
     * The attribute messages of a new header: an Attribute Info message (libhdf5 adds one to
     * version 2 headers with attributes) followed by the attributes in the header, or pointing at
     * dense storage when there are more than {@code maxCompact} or one is too large for a header
     * message, as libhdf5 decides (H5O__attr_create). When the table tracks creation order, the
     * Attribute Info message says so (tracked and indexed, the next order to give) and each
     * attribute carries its order (in its message prefix, or in the dense storage's indexes).
     */
    List<HeaderMessage> attributeMessages(AttributeTable table, int maxCompact) {
        List<AttributeTable.Entry> entries = table.all();
        List<AttributeMessage> all = new ArrayList<>();
        boolean dense = entries.size() > maxCompact;
        for (AttributeTable.Entry e : entries) {
            AttributeMessage a = e.isStored() ? e.stored() : e.value().message(heap);
            int size = e.isStored() ? e.storedBody().length : a.encodedSize(offsetSize, lengthSize);
            dense |= size >= MESSAGE_MAX_SIZE;
            all.add(a);
        }
        AttributeInfoMessage info = table.tracksOrder()
                ? new AttributeInfoMessage(0, AttributeInfoMessage.FLAG_CREATION_ORDER_TRACKED | AttributeInfoMessage.FLAG_CREATION_ORDER_INDEXED,
                        (int) table.nextCreationOrder(), Cursor.UNDEFINED, Cursor.UNDEFINED, Cursor.UNDEFINED)
                : AttributeInfoMessage.compact();
        List<HeaderMessage> out = new ArrayList<>();
        if (dense) {
            List<DenseStorageWriter.Attribute> list = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                list.add(new DenseStorageWriter.Attribute(entries.get(i).name(), all.get(i).toBytes(offsetSize, lengthSize), 0,
                        entries.get(i).creationOrder()));
            }
            out.add(HeaderMessage.of(DenseStorageWriter.attributes(plan, list, info), Messages.FLAG_DONT_SHARE, 0, offsetSize, lengthSize));
        } else {
            out.add(HeaderMessage.of(info, Messages.FLAG_DONT_SHARE, 0, offsetSize, lengthSize));
            for (int i = 0; i < entries.size(); i++) {
                AttributeTable.Entry e = entries.get(i);
                int order = (int) Math.max(0, e.creationOrder());
                out.add(e.isStored() ? HeaderMessage.raw(AttributeMessage.TYPE, e.storedFlags(), order, e.storedBody())
                        : HeaderMessage.of(all.get(i), 0, order, offsetSize, lengthSize));
            }
        }
        return out;
    }

    FileContext context() {
        return file.context();
    }
}
