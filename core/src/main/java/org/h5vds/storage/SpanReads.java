package org.h5vds.storage;

import java.nio.ByteBuffer;
import org.h5vds.io.ScratchBuffers;
import org.h5vds.io.Store;
import org.h5vds.select.Box;
import org.h5vds.select.SelectionPair;

/**
 * Reads the part of a selection that lies in one stretch of unfiltered bytes of a file (a slab of
 * a contiguous dataset, an unfiltered chunk) into a target, moving about as many bytes as it
 * returns: the bytes from the selection's first element to its last are read into this thread's
 * scratch array and copied out run by run; runs spread far apart (a pixel through time, every
 * fourth frame's column) are each read by themselves instead. A tile of a frame, a row of a chunk
 * and a strided column once read the whole chunk or a new array as long as the span, ten to a
 * hundred times the bytes they return (libhdf5 reads such selections through its 64 KiB sieve
 * buffer or run by run). Where the store has those bytes mapped and this process has touched
 * them before (a local file read frame by frame, then through time), the runs are copied straight
 * out of the mapping instead: one copy, one system call.
 */
final class SpanReads {
    /** Runs farther apart than this on average are read one by one (a read costs about as much as copying this many bytes). */
    static final long RUN_SPACING = 16 << 10;
    /**
     * Runs closer than this on average are copied out of the span read at once rather than one by
     * one out of the mapping: a copy call costs about as much as moving this many bytes.
     */
    static final long DENSE_RUN_SPACING = 512;

    /** Where an element lies in the stretch, in bytes from its start, from its coordinates in a's space. */
    @FunctionalInterface
    interface Offset {
        long of(long[] aCoords);
    }

    private SpanReads() {
    }

    /**
     * Reads {@code sub}'s elements ({@code sub.a()} not empty) from the stretch starting at file
     * offset {@code stretch}, whose range the caller has checked. A remote object's runs are never
     * read one by one: its span is one request.
     */
    static void read(Store store, long stretch, String what, SelectionPair sub, Offset offset, ReadTarget target,
                     ElementConverter converter, int elementSize) {
        Box bounds = sub.a().bounds();
        long first = offset.of(bounds.start());
        long span = offset.of(bounds.last()) + elementSize - first;
        byte[] out = target.data();
        // a box of the stretch into a box of the target: the runs follow from steps, not coordinates
        BoxRuns box = BoxRuns.of(sub, offset::of, elementSize, target);
        ByteBuffer view = converter.isIdentity() ? store.mappedView(stretch + first, span) : null;
        if (view != null) {
            // pages this process has mapped already: each run straight out of them, no read at all
            if (box != null) {
                if (span < box.runs() * DENSE_RUN_SPACING) {
                    // runs of a few bytes each (every second pixel): out of the mapping in large copies,
                    // then by a loop of element moves, instead of a copy call per run
                    box.copy(view, first, span, out, elementSize);
                } else {
                    box.forEach((from, to, elements) -> view.get(Math.toIntExact(from - first), out, to, elements * elementSize));
                }
                return;
            }
            sub.forEachRun((aStart, bStart, length) -> view.get(Math.toIntExact(offset.of(aStart) - first), out, target.byteOffset(bStart),
                    Math.toIntExact(length * elementSize)));
            return;
        }
        if (store.prefetchWindow() <= 0 && span >= 2 * RUN_SPACING && (box != null ? box.runs() <= span / RUN_SPACING : runsFarApart(sub, span))) {
            if (box != null) {
                box.forEach((from, to, elements) -> readRun(store, stretch + from, what, out, to, elements, converter, elementSize));
            } else {
                sub.forEachRun((aStart, bStart, length) -> readRun(store, stretch + offset.of(aStart), what, out, target.byteOffset(bStart),
                        Math.toIntExact(length), converter, elementSize));
            }
            return;
        }
        // declined by the mapping (bytes not read before, which it has now marked as read): by pread,
        // so that this first read faults no mapped page in and the next is copied out of the view
        int n = Math.toIntExact(span);
        byte[] data = ScratchBuffers.take(ScratchBuffers.DECODED, n);
        if (converter.isIdentity()) {
            store.readStreamed(stretch + first, ByteBuffer.wrap(data, 0, n), what);
        } else {
            store.read(stretch + first, ByteBuffer.wrap(data, 0, n), what);
        }
        if (box != null) {
            if (converter.isIdentity()) {
                box.copy(data, first, out, elementSize);
            } else {
                box.forEach((from, to, elements) -> converter.convert(data, Math.toIntExact(from - first), out, to, elements));
            }
            return;
        }
        sub.forEachRun((aStart, bStart, length) -> converter.convert(data, Math.toIntExact(offset.of(aStart) - first), out,
                target.byteOffset(bStart), Math.toIntExact(length)));
    }

    /** Reads one run of {@code elements} stored elements from file offset {@code at} into the target's bytes from {@code to} on. */
    private static void readRun(Store store, long at, String what, byte[] out, int to, int elements, ElementConverter converter,
                                int elementSize) {
        int bytes = Math.toIntExact((long) elements * elementSize);
        if (converter.isIdentity()) {
            store.readStreamed(at, ByteBuffer.wrap(out, to, bytes), what); // the mapping declined the span: see read
        } else {
            byte[] run = ScratchBuffers.take(ScratchBuffers.DECODED, bytes);
            store.read(at, ByteBuffer.wrap(run, 0, bytes), what);
            converter.convert(run, 0, out, to, elements);
        }
    }

    /** Whether the runs are fewer than one per {@link #RUN_SPACING} bytes of the span (counted only while they might be). */
    private static boolean runsFarApart(SelectionPair sub, long span) {
        long most = span / RUN_SPACING;
        long[] runs = {0};
        try {
            sub.forEachRun((aStart, bStart, length) -> {
                if (++runs[0] > most) throw StopWalk.INSTANCE;
            });
        } catch (StopWalk e) {
            return false;
        }
        return true;
    }
}
