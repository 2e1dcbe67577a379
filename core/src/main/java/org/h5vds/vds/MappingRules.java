package org.h5vds.vds;

import java.util.Arrays;
import java.util.function.Supplier;
import org.h5vds.select.All;
import org.h5vds.select.Box;
import org.h5vds.select.DimSet;
import org.h5vds.select.Hyperslab;
import org.h5vds.select.Points;
import org.h5vds.select.Regular;
import org.h5vds.select.Selection;

/**
 * The rules a new mapping must follow, checked when it is added to a layout rather than when the
 * file is written, with libhdf5's reasons (H5D_virtual_check_mapping_pre and _post, called by
 * H5Pset_virtual; H5D_virtual_check_min_dims, called by H5Dcreate) and the names, axes and values
 * that break them:
 * <ul>
 *   <li>no point selections;</li>
 *   <li>each selection has the rank of its dataspace and lies inside it, except along an
 *       unlimited axis (libhdf5 writes a virtual selection of another rank, then reads zeros:
 *       refused here);</li>
 *   <li>bounded selections hold the same number of elements; two unlimited ones the same number
 *       in one slice across their unlimited axes; an unlimited source needs an unlimited virtual
 *       selection;</li>
 *   <li>an unlimited virtual selection with a bounded source is a printf mapping: a name holds
 *       {@code %b}, and one block of the virtual selection holds as many elements as the source
 *       selection;</li>
 *   <li>{@code %b} appears only in such mappings, and {@code %} only as {@code %b} or {@code %%}.</li>
 * </ul>
 * At most one unlimited axis per selection is enforced by {@link Hyperslab} itself.
 */
public final class MappingRules {
    private MappingRules() {
    }

    /**
     * Checks one mapping.
     *
     * @param virtualDims the virtual dataset's extent (empty for a scalar)
     * @param sourceDims  the source dataset's extent as declared, or null when not known (then an
     *                    ALL source selection cannot be counted and is refused)
     * @param name        names the mapping in messages (asked for only when there is one to write)
     * @throws InvalidMappingException naming the mapping, the axis and the values at fault
     */
    public static void check(VirtualMapping m, long[] virtualDims, long[] sourceDims, Supplier<String> name) {
        check(m, virtualDims, sourceDims, name, new java.util.HashMap<>());
    }

    /**
     * As {@link #check(VirtualMapping, long[], long[], Supplier)}, parsing each distinct source
     * name once across the calls that share {@code parsedNames} (a layout of 100,000 mappings
     * names one source).
     */
    public static void check(VirtualMapping m, long[] virtualDims, long[] sourceDims, Supplier<String> name,
                             java.util.Map<String, SourceName> parsedNames) {
        Selection v = m.virtualSelection();
        Selection s = m.sourceSelection();
        if (v instanceof Points || s instanceof Points) {
            throw new InvalidMappingException(name.get(), -1, "point selections are not supported in virtual dataset mappings (libhdf5: "
                    + "\"point selections not currently supported with virtual datasets\"); use slices or index lists");
        }
        checkPlace("virtual", v, virtualDims, "the virtual dataset", name);
        if (sourceDims != null) checkPlace("source", s, sourceDims, "the source dataset", name);
        SourceName file = parse(m.sourceFileName(), "file", name, parsedNames);
        SourceName dataset = parse(m.sourceDatasetName(), "dataset", name, parsedNames);

        long nv = count(v, virtualDims);
        long ns = s instanceof All && sourceDims == null ? -2 : count(s, sourceDims);
        if (ns == -2) {
            throw new InvalidMappingException(name.get(), -1, "an ALL source selection needs the source's shape to count its elements; "
                    + "give the shape (VirtualSource) or select the elements explicitly");
        }
        boolean printf = file.isPrintf() || dataset.isPrintf();
        if (nv == DimSet.UNLIMITED) {
            Hyperslab vh = (Hyperslab) v;
            if (ns == DimSet.UNLIMITED) {
                long a = vh.nonUnlimitedCount();
                long b = ((Hyperslab) s).nonUnlimitedCount();
                if (a != b) {
                    throw new InvalidMappingException(name.get(), -1, "one slice across the unlimited axis holds " + a
                            + " elements in the virtual selection but " + b + " in the source selection (libhdf5: \"numbers of "
                            + "elements in the non-unlimited dimensions is different for source and virtual spaces\")");
                }
                if (printf) throw printfMisplaced(name, "the source selection is unlimited too");
                return;
            }
            if (!printf) {
                throw new InvalidMappingException(name.get(), vh.unlimitedAxis(), "the virtual selection is unlimited but the source selection is "
                        + "bounded (" + ns + " elements) and no source name holds %b (libhdf5: \"unlimited virtual selection, "
                        + "limited source selection, and no printf specifiers in source names\"); make the source selection unlimited "
                        + "too, or name one source per block with %b");
            }
            Regular u = vh.axis(vh.unlimitedAxis());
            if (u.block() == DimSet.UNLIMITED) {
                throw new InvalidMappingException(name.get(), vh.unlimitedAxis(), "a printf mapping repeats blocks of a fixed size, not an "
                        + "UNLIMITED block; use an UNLIMITED count (e.g. MultiBlockSlice(start, stride, UNLIMITED, block))");
            }
            long perBlock = vh.nonUnlimitedCount() * u.block();
            if (perBlock != ns) {
                throw new InvalidMappingException(name.get(), vh.unlimitedAxis(), "one block of the printf mapping holds " + perBlock
                        + " elements (block " + u.block() + ") but the source selection holds " + ns
                        + " (libhdf5: \"virtual (single block) and source space selections have different numbers of elements\")");
            }
            return;
        }
        if (ns == DimSet.UNLIMITED) {
            Hyperslab sh = (Hyperslab) s;
            throw new InvalidMappingException(name.get(), sh.unlimitedAxis(), "the source selection is unlimited but the virtual selection is "
                    + "bounded (" + nv + " elements); an unlimited source needs an unlimited virtual selection");
        }
        if (nv != ns) {
            throw new InvalidMappingException(name.get(), -1, "the virtual selection holds " + nv + " elements but the source selection "
                    + ns + " (libhdf5: \"virtual and source space selections have different numbers of elements\")");
        }
        if (printf) throw printfMisplaced(name, "the virtual selection is bounded");
    }

    private static InvalidMappingException printfMisplaced(Supplier<String> name, String why) {
        return new InvalidMappingException(name.get(), -1, "%b (a printf block number) in a source name needs an unlimited virtual "
                + "selection and a bounded source selection, but " + why + "; write a literal % as %%");
    }

    private static SourceName parse(String stored, String what, Supplier<String> name, java.util.Map<String, SourceName> parsedNames) {
        SourceName known = parsedNames.get(stored);
        if (known != null) return known;
        try {
            SourceName parsed = SourceName.parse(stored);
            parsedNames.put(stored, parsed);
            return parsed;
        } catch (IllegalArgumentException e) {
            throw new InvalidMappingException(name.get(), -1, "source " + what + " name: " + e.getMessage(), e);
        }
    }

    /** The selection's rank against its dataspace's, and its bounds inside it except along an unlimited axis. */
    private static void checkPlace(String which, Selection sel, long[] dims, String space, Supplier<String> name) {
        if (sel instanceof All a) {
            if (a.rank() >= 0 && a.rank() != dims.length) throw rankError(which, a.rank(), dims, space, name);
            return;
        }
        if (sel.rank() != dims.length) throw rankError(which, sel.rank(), dims, space, name);
        DimSet[] axes = sel.axes();
        if (axes != null) {
            for (int d = 0; d < axes.length; d++) {
                DimSet a = axes[d];
                if (a.isUnlimited()) {
                    if (!(sel instanceof Hyperslab)) {
                        throw new InvalidMappingException(name.get(), d, "the " + which + " selection is unlimited on this axis but not a regular "
                                + "hyperslab (an index list elsewhere?); libhdf5 stores UNLIMITED only in regular hyperslabs");
                    }
                    continue;
                }
                if (!a.isEmpty() && a.end() > dims[d]) throw boundsError(which, d, a.end() - 1, dims, space, name);
            }
            return;
        }
        if (sel.isEmpty()) return;
        Box b = sel.bounds();
        for (int d = 0; d < dims.length; d++) {
            if (b.end(d) > dims[d]) throw boundsError(which, d, b.end(d) - 1, dims, space, name);
        }
    }

    private static InvalidMappingException rankError(String which, int rank, long[] dims, String space, Supplier<String> name) {
        return new InvalidMappingException(name.get(), -1, "the " + which + " selection has rank " + rank + " but " + space + " (shape "
                + shape(dims) + ") has rank " + dims.length);
    }

    private static InvalidMappingException boundsError(String which, int axis, long last, long[] dims, String space, Supplier<String> name) {
        return new InvalidMappingException(name.get(), axis, "the " + which + " selection reaches index " + last + ", outside " + space
                + " of shape " + shape(dims) + " (length " + dims[axis] + " on this axis)");
    }

    /** Elements selected; {@link DimSet#UNLIMITED} for an unlimited hyperslab. */
    private static long count(Selection s, long[] dims) {
        if (s instanceof All) {
            long n = 1;
            for (long d : dims) n = Math.multiplyExact(n, d);
            return n;
        }
        if (s instanceof Hyperslab h && h.unlimitedAxis() >= 0) return DimSet.UNLIMITED;
        return s.count();
    }

    /** A shape as NumPy prints it. */
    static String shape(long[] dims) {
        String body = String.join(", ", Arrays.stream(dims).mapToObj(d -> d == DimSet.UNLIMITED ? "None" : Long.toString(d)).toList());
        return "(" + body + (dims.length == 1 ? ",)" : ")");
    }
}
