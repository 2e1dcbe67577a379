package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShapeTest {

    @Test
    void printsLikeNumpyAndH5py() {
        assertThat(Shape.of(4, 100)).hasToString("(4, 100)");
        assertThat(Shape.of(3)).hasToString("(3,)");
        assertThat(Shape.of()).hasToString("()");
        assertThat(Shape.of(Shape.UNLIMITED, 512, 512)).hasToString("(None, 512, 512)");
    }

    @Test
    void sizeRankAndAxes() {
        Shape s = Shape.of(2, 3, 4);
        assertThat(s.rank()).isEqualTo(3);
        assertThat(s.size()).isEqualTo(24);
        assertThat(s.get(2)).isEqualTo(4);
        assertThat(Shape.of().size()).isEqualTo(1);
        assertThat(Shape.of(5, 0).size()).isZero();
        assertThat(Shape.of()).isSameAs(Shape.SCALAR);
        assertThatThrownBy(() -> s.get(3)).isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("axis 3");
    }

    @Test
    void sizeOverflowAndUnlimitedAreErrors() {
        assertThatThrownBy(() -> Shape.of(1L << 32, 1L << 32).size()).isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("(4294967296, 4294967296)");
        assertThatThrownBy(() -> Shape.of(Shape.UNLIMITED, 3).size()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unlimited");
        assertThat(Shape.of(Shape.UNLIMITED, 3).isUnlimited()).isTrue();
        assertThat(Shape.of(1, 3).isUnlimited()).isFalse();
    }

    @Test
    void rejectsNegativeLengthsNamingTheAxis() {
        assertThatThrownBy(() -> Shape.of(3, -2)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("axis 1");
    }

    @Test
    void isImmutableAndComparedByValue() {
        long[] dims = {2, 3};
        Shape s = Shape.of(dims);
        dims[0] = 9;
        assertThat(s.get(0)).isEqualTo(2);
        s.toArray()[1] = 7;
        assertThat(s.get(1)).isEqualTo(3);
        assertThat(s).isEqualTo(Shape.of(2, 3)).hasSameHashCodeAs(Shape.of(2, 3)).isNotEqualTo(Shape.of(3, 2));
    }
}
