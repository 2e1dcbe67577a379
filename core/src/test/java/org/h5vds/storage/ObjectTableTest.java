package org.h5vds.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.h5vds.format.message.Datatype;
import org.junit.jupiter.api.Test;

/** Strings kept as bytes beside values kept as objects, in one table's slots. */
class ObjectTableTest {
    /** Makes strings as "charset:text", so that a test sees which charset a kept string was made with. */
    private static final class Tagging implements ValueCodec {
        int made;

        @Override
        public Object string(byte[] bytes, int off, int len, Datatype.CharacterSet charset) {
            made++;
            return charset + ":" + new String(bytes, off, len, StandardCharsets.UTF_8);
        }

        @Override
        public byte[] stringBytes(Object value, Datatype.CharacterSet charset) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Object sequence(Datatype memoryBase, byte[] elements, int count, ObjectTable nested) {
            made++;
            return count + " of " + memoryBase.size() + ": " + java.util.Arrays.toString(elements) + (nested == null ? "" : " nested");
        }

        @Override
        public Sequence sequenceParts(Object value, Datatype memoryBase) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Object reference(StoredReference reference) {
            throw new UnsupportedOperationException();
        }

        @Override
        public StoredReference storedReference(Object value, org.h5vds.format.message.ReferenceType.Kind kind) {
            throw new UnsupportedOperationException();
        }
    }

    /** The bytes of {@code strings} one after another, and their lengths. */
    private static byte[] joined(List<String> strings, int[] lengths) {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < strings.size(); i++) {
            lengths[i] = strings.get(i).getBytes(StandardCharsets.UTF_8).length;
            all.append(strings.get(i));
        }
        return all.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void keptStringsAndObjectsShareTheSlotNumbers() {
        Tagging codec = new Tagging();
        ObjectTable t = new ObjectTable();
        long a = t.add("object");
        int[] lengths = new int[3];
        long first = t.addStrings(joined(List.of("ab", "", "ü"), lengths), lengths, 3, codec, Datatype.CharacterSet.UTF8);
        long b = t.addAll(new Object[] {1, 2}, 2);
        int[] one = new int[1];
        long ascii = t.addStrings(joined(List.of("x"), one), one, 1, codec, Datatype.CharacterSet.ASCII);

        assertThat(a).isEqualTo(1);
        assertThat(first).isEqualTo(2);
        assertThat(b).isEqualTo(5);
        assertThat(ascii).isEqualTo(7);
        assertThat(t.size()).isEqualTo(7);
        assertThat(codec.made).as("nothing made before it is asked for").isZero();
        assertThat(t.get(0)).isNull();
        assertThat(t.get(1)).isEqualTo("object");
        assertThat(t.get(2)).isEqualTo("UTF8:ab");
        assertThat(t.get(3)).isEqualTo("UTF8:");
        assertThat(t.get(4)).isEqualTo("UTF8:ü");
        assertThat(t.get(5)).isEqualTo(1);
        assertThat(t.get(6)).isEqualTo(2);
        assertThat(t.get(7)).isEqualTo("ASCII:x");
        assertThat(t.get(2)).as("made anew each time, equal").isEqualTo("UTF8:ab").isNotSameAs(t.get(2));
        assertThatThrownBy(() -> t.get(8)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slot 8 of a table of 7");
    }

    @Test
    void manyStringsGrowTheTableAndItsBytes() {
        Tagging codec = new Tagging();
        ObjectTable t = new ObjectTable(10);
        List<String> all = new ArrayList<>();
        for (int batch = 0; batch < 40; batch++) {
            List<String> strings = new ArrayList<>();
            // later strings much longer than the first: the first estimate of the bytes falls short
            for (int i = 0; i < 100; i++) strings.add("s" + batch + "-" + i + "-" + "x".repeat(batch * 10));
            int[] lengths = new int[strings.size()];
            long first = t.addStrings(joined(strings, lengths), lengths, strings.size(), codec, Datatype.CharacterSet.UTF8);
            assertThat(first).isEqualTo(all.size() + 1);
            all.addAll(strings);
            if (batch % 7 == 0) {
                t.add(batch);
                all.add(null);
            }
        }
        for (int i = 0; i < all.size(); i++) {
            Object v = t.get(i + 1);
            if (all.get(i) == null) assertThat(v).isInstanceOf(Integer.class);
            else assertThat(v).isEqualTo("UTF8:" + all.get(i));
        }
    }

    @Test
    void sequencesKeptBesideStringsEachWithItsBase() {
        Tagging codec = new Tagging();
        ObjectTable t = new ObjectTable(4);
        Datatype int16 = org.h5vds.format.message.FixedPointType.of(2, true, Datatype.ByteOrder.LITTLE_ENDIAN);
        Datatype int8 = org.h5vds.format.message.FixedPointType.of(1, true, Datatype.ByteOrder.LITTLE_ENDIAN);
        long a = t.addSequences(new byte[] {1, 0, 2, 0, 3, 0}, new int[] {4, 2}, 2, codec, int16);
        int[] one = new int[1];
        long s = t.addStrings(joined(List.of("x"), one), one, 1, codec, Datatype.CharacterSet.UTF8);
        long b = t.addSequences(new byte[] {7, 8, 9}, new int[] {3, 0}, 2, codec, int8);
        assertThat(codec.made).isZero();
        assertThat(List.of(a, s, b)).containsExactly(1L, 3L, 4L);
        assertThat(t.get(1)).isEqualTo("2 of 2: [1, 0, 2, 0]");
        assertThat(t.get(2)).isEqualTo("1 of 2: [3, 0]");
        assertThat(t.get(3)).isEqualTo("UTF8:x");
        assertThat(t.get(4)).isEqualTo("3 of 1: [7, 8, 9]");
        assertThat(t.get(5)).isEqualTo("0 of 1: []");
    }

    @Test
    void stringsOfAnotherCodecAreMadeAtOnce() {
        Tagging first = new Tagging(), second = new Tagging();
        ObjectTable t = new ObjectTable();
        int[] lengths = new int[1];
        t.addStrings(joined(List.of("a"), lengths), lengths, 1, first, Datatype.CharacterSet.UTF8);
        t.addStrings(joined(List.of("b"), lengths), lengths, 1, second, Datatype.CharacterSet.UTF8);
        assertThat(second.made).as("a table makes its kept strings through one codec").isEqualTo(1);
        assertThat(t.get(1)).isEqualTo("UTF8:a");
        assertThat(t.get(2)).isEqualTo("UTF8:b");
        assertThat(first.made).isEqualTo(1);
    }
}
