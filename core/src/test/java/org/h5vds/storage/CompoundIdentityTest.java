package org.h5vds.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.h5vds.format.message.CompoundType;
import org.h5vds.format.message.CompoundType.LegacyArrayField;
import org.h5vds.format.message.CompoundType.Member;
import org.h5vds.format.message.Datatype;
import org.h5vds.format.message.FixedPointType;
import org.h5vds.format.message.FloatingPointType;
import org.junit.jupiter.api.Test;

/**
 * A compound read into a type with every member at its stored place is a copy of whole elements,
 * as libhdf5 converts nothing between types H5T_cmp finds equal: whatever the member order, and
 * for the version 1 messages h5py's libhdf5 writes (their members carry legacy array fields). A
 * table of such compounds was read member by member, 2.6 times slower than h5py.
 */
class CompoundIdentityTest {
    static final Datatype F8 = FloatingPointType.ieee(8, Datatype.ByteOrder.LITTLE_ENDIAN);
    static final Datatype I4 = FixedPointType.of(4, true, Datatype.ByteOrder.LITTLE_ENDIAN);

    static Member legacy(String name, long at, Datatype type) {
        return new Member(name, at, type, new LegacyArrayField(0, 0, new long[4], type));
    }

    /** h5py's file type for [('t', '<f8'), ('x', '<i4'), ('y', '<i4')], as libhdf5 1.10 writes it (version 1). */
    static final CompoundType STORED = new CompoundType(1, 16, List.of(legacy("t", 0, F8), legacy("x", 8, I4), legacy("y", 12, I4)));

    @Test
    void theSameMembersAtTheSamePlacesAreCopiedWhole() {
        CompoundType memory = CompoundType.of(16, List.of(new Member("t", 0, F8), new Member("x", 8, I4), new Member("y", 12, I4)));
        assertThat(STORED).isNotEqualTo(memory);
        assertThat(Conversions.between(STORED, memory).isIdentity()).isTrue();
        CompoundType reordered = CompoundType.of(16, List.of(new Member("y", 12, I4), new Member("t", 0, F8), new Member("x", 8, I4)));
        assertThat(Conversions.between(STORED, reordered).isIdentity()).isTrue();
    }

    @Test
    void membersElsewhereOrMissingOrOfAnotherTypeAreConverted() {
        CompoundType swapped = CompoundType.of(16, List.of(new Member("t", 0, F8), new Member("x", 12, I4), new Member("y", 8, I4)));
        ElementConverter c = Conversions.between(STORED, swapped);
        assertThat(c.isIdentity()).isFalse();
        ByteBuffer in = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(1.5).putInt(7).putInt(-9);
        byte[] out = new byte[16];
        c.convert(in.array(), 0, out, 0, 1);
        ByteBuffer o = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(o.getDouble(0)).isEqualTo(1.5);
        assertThat(o.getInt(12)).isEqualTo(7);
        assertThat(o.getInt(8)).isEqualTo(-9);

        CompoundType fewer = CompoundType.of(16, List.of(new Member("t", 0, F8), new Member("x", 8, I4)));
        assertThat(Conversions.between(STORED, fewer).isIdentity()).isFalse();
        CompoundType wider = CompoundType.of(16, List.of(new Member("t", 0, F8), new Member("x", 8, I4), new Member("y", 12,
                FloatingPointType.ieee(4, Datatype.ByteOrder.LITTLE_ENDIAN))));
        assertThat(Conversions.between(STORED, wider).isIdentity()).isFalse();
        CompoundType larger = CompoundType.of(24, List.of(new Member("t", 0, F8), new Member("x", 8, I4), new Member("y", 12, I4)));
        assertThat(Conversions.between(STORED, larger).isIdentity()).isFalse();
    }
}
