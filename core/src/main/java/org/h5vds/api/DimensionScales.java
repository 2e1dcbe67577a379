package org.h5vds.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bookkeeping of libhdf5's dimension scale API (H5DS, which h5py's {@code make_scale} and
 * {@code dims[i].attach_scale} call), in the attributes libhdf5 1.10 keeps it in:
 * <ul>
 *   <li>a scale's {@code CLASS}: {@code "DIMENSION_SCALE"}, a scalar 16-byte NUL-terminated ASCII
 *       string, and {@code NAME}: its name, NUL-terminated, as long as the name's bytes and one;</li>
 *   <li>a dataset's {@code DIMENSION_LIST}: per axis, a variable-length sequence of object
 *       references to the scales attached there, in the order they were attached;</li>
 *   <li>a scale's {@code REFERENCE_LIST}: per dataset axis it is attached to, a compound
 *       {@code {dataset: object reference, dimension: int32}};</li>
 *   <li>a dataset's {@code DIMENSION_LABELS}: per axis a variable-length string, unset ones null.</li>
 * </ul>
 * Refusals are libhdf5's (H5DSattach_scale, H5DSset_scale, H5DSdetach_scale), with a reason.
 */
final class DimensionScales {
    static final String CLASS = "CLASS";
    static final String NAME = "NAME";
    static final String DIMENSION_LIST = "DIMENSION_LIST";
    static final String REFERENCE_LIST = "REFERENCE_LIST";
    static final String DIMENSION_LABELS = "DIMENSION_LABELS";
    private static final String SCALE_CLASS = "DIMENSION_SCALE";

    private DimensionScales() {
    }

    /** Whether {@code o} is a dimension scale ({@code CLASS} is the string "DIMENSION_SCALE"). */
    static boolean isScale(H5Object o) {
        List<String> s = strings(o, CLASS);
        return s.size() == 1 && s.get(0).equals(SCALE_CLASS);
    }

    /** A scale's name ({@code NAME}), or "" when it has none (libhdf5's H5DSget_scale_name, as h5py's {@code dims[i].keys()} gives it). */
    static String scaleName(Dataset scale) {
        List<String> s = strings(scale, NAME);
        return s.isEmpty() ? "" : s.get(0);
    }

    /** The strings of attribute {@code name} of {@code o}; none when it is missing, empty or not strings. */
    private static List<String> strings(H5Object o, String name) {
        if (!o.attrs().containsKey(name)) return List.of();
        Attribute a = o.attrs().get(name);
        return a.isEmpty() || !a.isString() ? List.of() : a.strings();
    }

    /** H5DSset_scale: {@code d} becomes a scale, named {@code name} when not null. */
    static void makeScale(Dataset d, String name) {
        if (d.attrs().containsKey(DIMENSION_LIST)) {
            throw new IllegalArgumentException(d.fileName() + ": " + d.path() + ": has dimension scales attached, so it cannot be one (libhdf5 refuses too)");
        }
        putCString(d, CLASS, SCALE_CLASS);
        if (name != null) putCString(d, NAME, name);
    }

    /** A scalar attribute holding {@code text} as libhdf5's H5DS writes strings: its bytes and a NUL, NUL-terminated, ASCII unless it is not. */
    private static void putCString(Dataset d, String attribute, String text) {
        DType type = DType.bytes(Utf8.encode(text).length + 1, Utf8.isAscii(text) ? DType.Charset.ASCII : DType.Charset.UTF8,
                DType.Padding.NULL_TERMINATED);
        d.attrs().put(attribute, NdArray.ofFixedStrings(type, List.of(text)).reshape(), type);
    }

    /** The scales attached to each axis of {@code d} (empty lists where none is), from its {@code DIMENSION_LIST}. */
    static List<List<Reference>> attached(Dataset d) {
        int rank = d.rank();
        List<List<Reference>> out = new ArrayList<>(rank);
        for (int i = 0; i < rank; i++) out.add(new ArrayList<>());
        List<Object> lists = lists(d);
        for (int axis = 0; axis < Math.min(rank, lists.size()); axis++) {
            if (lists.get(axis) instanceof NdArray refs && refs.dtype().kind() == DType.Kind.REFERENCE) {
                for (long k = 0; k < refs.size(); k++) {
                    Reference r = refs.getReference(k);
                    if (r != null) out.get(axis).add(r);
                }
            }
        }
        return out;
    }

    /** The entries of {@code DIMENSION_LIST} (one sequence of references per axis), or none. */
    static List<Object> lists(Dataset d) {
        if (!d.attrs().containsKey(DIMENSION_LIST)) return List.of();
        try {
            Attribute a = d.attrs().get(DIMENSION_LIST);
            if (a.isEmpty() || a.dtype().kind() != DType.Kind.SEQUENCE || a.shape().rank() != 1) return List.of();
            return a.value().objects();
        } catch (H5Exception e) {
            return List.of(); // not a list of references as the dimension scale API writes it
        }
    }

    /** H5DSattach_scale: {@code scale} attached to {@code axis} of {@code d}, after those attached there before. */
    static void attach(Dataset d, int axis, Dataset scale) {
        java.util.Objects.requireNonNull(scale, "scale");
        String where = d.fileName() + ": " + d.path();
        checkAxis(d, axis);
        if (!ObjectCopy.sameFile(d, scale)) {
            throw new IllegalArgumentException(where + ": " + scale.path() + " is in another file; a dimension scale must be in its dataset's file");
        }
        if (d.node.identity().equals(scale.node.identity())) throw new IllegalArgumentException(where + ": a dataset cannot be its own dimension scale");
        if (isScale(d)) throw new IllegalArgumentException(where + ": is a dimension scale, which cannot have scales attached (libhdf5 refuses too)");
        if (scale.attrs().containsKey(DIMENSION_LIST)) {
            throw new IllegalArgumentException(where + ": " + scale.path() + " has dimension scales attached, so it cannot be one (libhdf5 refuses too)");
        }
        List<List<Reference>> lists = attached(d);
        for (Reference r : lists.get(axis)) {
            if (sameObject(r, scale)) return; // attached already (libhdf5 1.10 would add a second back-reference)
        }
        List<Map.Entry<Reference, Integer>> back = backReferences(scale); // (read first: a damaged one changes nothing)
        if (!isScale(scale)) makeScale(scale, null); // as H5DSattach_scale makes it a scale, without a name
        lists.get(axis).add(Reference.to(scale));
        writeLists(d, lists);
        back.add(Map.entry(Reference.to(d), axis));
        writeBackReferences(scale, back);
    }

    /** H5DSdetach_scale: {@code scale} detached from {@code axis} of {@code d}; attributes left empty are deleted. */
    static void detach(Dataset d, int axis, Dataset scale) {
        java.util.Objects.requireNonNull(scale, "scale");
        String where = d.fileName() + ": " + d.path();
        checkAxis(d, axis);
        List<List<Reference>> lists = attached(d);
        List<Reference> here = lists.get(axis);
        int at = -1;
        for (int i = 0; i < here.size() && at < 0; i++) if (sameObject(here.get(i), scale)) at = i;
        if (at < 0) throw new IllegalArgumentException(where + ": " + scale.path() + " is not attached to axis " + axis);
        List<Map.Entry<Reference, Integer>> back = backReferences(scale); // (read first: a damaged one changes nothing)
        // as H5DSdetach_scale: the last scale of the axis takes the detached one's place
        here.set(at, here.get(here.size() - 1));
        here.remove(here.size() - 1);
        boolean any = false;
        for (List<Reference> l : lists) any |= !l.isEmpty();
        if (any) writeLists(d, lists);
        else d.attrs().remove(DIMENSION_LIST);
        for (int i = 0; i < back.size(); i++) {
            if (back.get(i).getValue() == axis && sameObject(back.get(i).getKey(), d)) {
                back.remove(i);
                break;
            }
        }
        if (back.isEmpty()) scale.attrs().remove(REFERENCE_LIST);
        else writeBackReferences(scale, back);
    }

    /** The label of {@code axis} ({@code DIMENSION_LABELS}), "" when it has none. */
    static String label(Dataset d, int axis) {
        checkAxis(d, axis);
        List<String> labels = labels(d);
        String l = axis < labels.size() ? labels.get(axis) : null;
        return l == null ? "" : l;
    }

    /** H5DSset_label: the label of {@code axis} set, the other axes' kept (null where unset). */
    static void setLabel(Dataset d, int axis, String label) {
        java.util.Objects.requireNonNull(label, "label");
        checkAxis(d, axis);
        List<String> labels = new ArrayList<>(labels(d));
        while (labels.size() < d.rank()) labels.add(null);
        labels.set(axis, label);
        DType type = DType.string(DType.Charset.ASCII);
        d.attrs().put(DIMENSION_LABELS, NdArray.ofObjects(type, labels.subList(0, d.rank())), type);
    }

    private static List<String> labels(Dataset d) {
        if (!d.attrs().containsKey(DIMENSION_LABELS)) return List.of();
        Attribute a = d.attrs().get(DIMENSION_LABELS);
        if (a.isEmpty() || !a.isString() || a.shape().rank() != 1) return List.of();
        List<Object> values = a.value().objects();
        List<String> out = new ArrayList<>(values.size());
        for (Object v : values) out.add(v == null ? null : v.toString());
        return out;
    }

    private static void checkAxis(Dataset d, int axis) {
        if (axis < 0 || axis >= d.rank()) {
            // h5py's IndexError
            throw new IndexOutOfBoundsException(d.fileName() + ": " + d.path() + ": no axis " + axis + " in a dataset of rank " + d.rank());
        }
    }

    private static void writeLists(Dataset d, List<List<Reference>> lists) {
        DType refs = DType.REFERENCE;
        List<Object> values = new ArrayList<>(lists.size());
        for (List<Reference> l : lists) values.add(NdArray.ofObjects(refs, l));
        DType type = DType.sequence(refs);
        d.attrs().put(DIMENSION_LIST, NdArray.ofObjects(type, values), type);
    }

    /** The scale's {@code REFERENCE_LIST}: each dataset and axis it is attached to. */
    private static List<Map.Entry<Reference, Integer>> backReferences(Dataset scale) {
        if (!scale.attrs().containsKey(REFERENCE_LIST)) return new ArrayList<>();
        NdArray a = scale.attrs().get(REFERENCE_LIST).value();
        List<String> names = a.fieldNames();
        if (a.rank() != 1 || !names.contains("dataset") || !names.contains("dimension") || a.field("dataset").dtype().kind() != DType.Kind.REFERENCE) {
            throw new H5Exception(scale.fileName() + ": " + scale.path() + ": its " + REFERENCE_LIST + " attribute is not the list of "
                    + "{dataset reference, dimension} libhdf5's dimension scale API keeps (" + a.dtype() + ", shape " + Shape.format(a.shape()) + ")");
        }
        NdArray datasets = a.field("dataset");
        NdArray axes = a.field("dimension");
        List<Map.Entry<Reference, Integer>> out = new ArrayList<>();
        for (long k = 0; k < a.size(); k++) out.add(Map.entry(datasets.getReference(k), (int) axes.getLong(k)));
        return out;
    }

    private static void writeBackReferences(Dataset scale, List<Map.Entry<Reference, Integer>> back) {
        DType type = DType.compound(DType.field("dataset", DType.REFERENCE), DType.field("dimension", DType.INT32));
        List<Reference> datasets = new ArrayList<>(back.size());
        int[] axes = new int[back.size()];
        for (int i = 0; i < back.size(); i++) {
            datasets.add(back.get(i).getKey());
            axes[i] = back.get(i).getValue();
        }
        Map<String, NdArray> fields = new LinkedHashMap<>();
        fields.put("dataset", NdArray.ofObjects(DType.REFERENCE, datasets));
        fields.put("dimension", NdArray.of(axes, axes.length));
        scale.attrs().put(REFERENCE_LIST, NdArray.ofFields(type, fields), type);
    }

    /** Whether {@code r} (read from {@code o}'s file) names {@code o}: the same header address (reserved for an object not yet written). */
    private static boolean sameObject(Reference r, H5Object o) {
        return r != null && r.address() == (o.isWritable() ? o.node.reserveAddress() : o.node.address());
    }

    /** The scales attached to {@code axis} of {@code d} as datasets (a reference to nothing left out). */
    static List<Dataset> scales(Dataset d, int axis) {
        checkAxis(d, axis);
        List<Dataset> out = new ArrayList<>();
        for (Reference r : attached(d).get(axis)) {
            try {
                if (r.dereference() instanceof Dataset s) out.add(s);
            } catch (H5Exception e) {
                // a reference to nothing: no scale
            }
        }
        return Collections.unmodifiableList(out);
    }
}
