package org.h5vds.format.message;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.h5vds.io.Cursor;

/**
 * The Object Modification Time (old) message (IV.A.2.o, type 0x000E): a UTC time written as ASCII
 * digits (year 4, month, day, hour, minute, second 2 each) followed by 2 reserved bytes.
 */
public record ModificationTimeOldMessage(LocalDateTime time) implements Message {
    public static final int TYPE = 0x000E;

    public static ModificationTimeOldMessage decode(Cursor in) {
        int at = in.position();
        int year = digits(in, 4, at);
        int month = digits(in, 2, at);
        int day = digits(in, 2, at);
        int hour = digits(in, 2, at);
        int minute = digits(in, 2, at);
        int second = digits(in, 2, at);
        in.skip(2);
        try {
            return new ModificationTimeOldMessage(LocalDateTime.of(year, month, day, hour, minute, second));
        } catch (DateTimeException e) {
            throw in.error(at, "old modification time message: not a valid date/time: " + e.getMessage());
        }
    }

    private static int digits(Cursor in, int n, int at) {
        String s = new String(in.bytes(n), StandardCharsets.US_ASCII);
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') throw in.error(at, "old modification time message: \"" + s + "\" is not " + n + " ASCII digits");
        }
        return Integer.parseInt(s);
    }

    public Instant instant() {
        return time.toInstant(ZoneOffset.UTC);
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public void encode(Cursor out) {
        String s = String.format("%04d%02d%02d%02d%02d%02d", time.getYear(), time.getMonthValue(), time.getDayOfMonth(),
                time.getHour(), time.getMinute(), time.getSecond());
        out.putBytes(s.getBytes(StandardCharsets.US_ASCII));
        out.putZeros(2);
    }

    @Override
    public int encodedSize(int offsetSize, int lengthSize) {
        return 16;
    }
}
