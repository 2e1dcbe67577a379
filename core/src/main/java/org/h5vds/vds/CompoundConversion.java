package org.h5vds.vds;

import java.util.List;
import org.h5vds.format.message.Datatype;
import org.h5vds.node.NumberTypes;
import org.h5vds.storage.ElementConverter;
import org.h5vds.storage.NumberType;

/**
 * How libhdf5 converts a source compound to the virtual dataset's compound when both hold only
 * numbers: member by member, each target member taking the source member of the same name
 * (H5T__conv_struct). This is what h5py's complex numbers need (compounds {r, i}): a c8 source of
 * a c16 virtual dataset, sources of the other byte order, and sources written in h5py's default
 * file format, whose compound message is of another version than the virtual dataset's.
 */
final class CompoundConversion {
    private CompoundConversion() {
    }

    /**
     * The member-wise converter from {@code source} to {@code target}, or null when they are not
     * both compounds of scalar numeric members with every target member present in the source.
     */
    static ElementConverter of(Datatype source, Datatype target) {
        if (source.typeClass() != Datatype.TypeClass.COMPOUND || target.typeClass() != Datatype.TypeClass.COMPOUND) return null;
        List<Datatype.Member> to = target.members();
        List<Datatype.Member> from = source.members();
        int[] sourceOffsets = new int[to.size()];
        int[] targetOffsets = new int[to.size()];
        ElementConverter[] parts = new ElementConverter[to.size()];
        for (int k = 0; k < to.size(); k++) {
            Datatype.Member t = to.get(k);
            Datatype.Member s = from.stream().filter(m -> m.name().equals(t.name())).findFirst().orElse(null);
            if (s == null || !scalar(s) || !scalar(t)) return null;
            NumberType sn = NumberTypes.of(s.type());
            NumberType tn = NumberTypes.of(t.type());
            if (sn == null || tn == null) return null;
            parts[k] = ElementConverter.between(sn, tn);
            sourceOffsets[k] = Math.toIntExact(s.byteOffset());
            targetOffsets[k] = Math.toIntExact(t.byteOffset());
        }
        return ElementConverter.members(source.size(), target.size(), sourceOffsets, targetOffsets, parts, target);
    }

    /** A member that is one number, not a version 1 compound's array member. */
    private static boolean scalar(Datatype.Member m) {
        return m.v1Array() == null || m.v1Array().dimensionality() == 0;
    }
}
