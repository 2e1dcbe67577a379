package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.h5vds.select.IndexExpression;
import org.junit.jupiter.api.Test;

/**
 * {@code Index.parse} of integers only ({@code "7"}, {@code "-1, 3"}) takes a short way to the
 * positions form that a frame loop's reads use; it must give exactly what the parser gives, and
 * leave every other text, right or wrong, to the parser and its messages.
 */
class IndexParseTest {
    @Test
    void integerTextsHavePositionsEqualToTheParsersItems() {
        for (String text : new String[] {"7", "0", "-1", "+2", "007", "-0", " 3 ", "1,2", " -4 ,  5,6 ", "123456789012345678",
                "-123456789012345678"}) {
            Index index = Index.parse(text);
            assertThat(index.positions()).as(text).isNotNull();
            assertThat(index.expression()).as(text).isEqualTo(IndexExpression.parse(text));
            assertThat(index.toString()).as(text).isEqualTo(IndexExpression.parse(text).toString());
        }
    }

    @Test
    void otherTextsGoToTheParserWithItsResultOrMessage() {
        for (String text : new String[] {"", "7,", ",7", "7,,8", "- 7", "7 8", "1-2", "--1", "+-1", "1234567890123456789",
                "99999999999999999999", "\t7", "7\n", "٣", "1:3", "...", "[1, 2]", "7, ...", "x"}) {
            Throwable expected = catchThrowable(() -> IndexExpression.parse(text));
            Throwable got = catchThrowable(() -> Index.parse(text));
            if (expected == null) {
                assertThat(got).as(text).isNull();
                assertThat(Index.parse(text).expression()).as(text).isEqualTo(IndexExpression.parse(text));
            } else {
                assertThat(got).as(text).isNotNull().hasMessage(expected.getMessage());
                assertThat(got.getClass().getSimpleName()).as(text).isEqualTo(expected.getClass().getSimpleName());
            }
        }
        assertThat(Index.parse("1234567890123456789").positions()).as("19 digits: the parser's").isNull();
    }

    /** Integers with random signs, zeros and spaces, written as a user might: same items as the parser's. */
    @Property(tries = 300)
    void randomIntegerListsParseAsTheParserParsesThem(@ForAll @IntRange(min = 1, max = 5) int count, @ForAll long seed) {
        Random r = new Random(seed);
        StringBuilder text = new StringBuilder();
        for (int k = 0; k < count; k++) {
            if (k > 0) text.append(" ".repeat(r.nextInt(2))).append(',');
            text.append(" ".repeat(r.nextInt(3)));
            int sign = r.nextInt(3);
            if (sign == 1) text.append('-');
            if (sign == 2) text.append('+');
            text.append("0".repeat(r.nextInt(2))).append(r.nextBoolean() ? r.nextInt(100) : Math.abs(r.nextLong() % 1_000_000_000_000L));
        }
        text.append(" ".repeat(r.nextInt(2)));
        Index index = Index.parse(text.toString());
        assertThat(index.positions()).as(text.toString()).hasSize(count);
        assertThat(index.expression()).as(text.toString()).isEqualTo(IndexExpression.parse(text.toString()));
    }
}
