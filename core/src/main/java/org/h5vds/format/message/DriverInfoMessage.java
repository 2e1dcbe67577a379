package org.h5vds.format.message;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.h5vds.io.Cursor;

/**
 * The Driver Info message (IV.A.2.u, type 0x0014), found only in the superblock extension: an
 * 8-character driver identification (e.g. "NCSAmult") and that driver's opaque information.
 */
public final class DriverInfoMessage implements Message {
    public static final int TYPE = 0x0014;

    private final int version;
    private final String driverIdentification;
    private final byte[] driverInformation;

    public DriverInfoMessage(int version, String driverIdentification, byte[] driverInformation) {
        if (driverIdentification.getBytes(StandardCharsets.US_ASCII).length != 8) {
            throw new IllegalArgumentException("driver identification must be 8 ASCII characters: \"" + driverIdentification + "\"");
        }
        this.version = version;
        this.driverIdentification = driverIdentification;
        this.driverInformation = driverInformation.clone();
    }

    public static DriverInfoMessage decode(Cursor in) {
        int version = in.version(in.u8(), "driver info message", 0);
        String id = new String(in.bytes(8), StandardCharsets.US_ASCII);
        int sizeAt = in.position();
        int size = in.u16();
        if (size > in.remaining()) throw in.error(sizeAt, "driver info message: " + size + " bytes of driver information, " + in.remaining() + " left");
        return new DriverInfoMessage(version, id, in.bytes(size));
    }

    public int version() {
        return version;
    }

    public String driverIdentification() {
        return driverIdentification;
    }

    public byte[] driverInformation() {
        return driverInformation.clone();
    }

    @Override
    public int type() {
        return TYPE;
    }

    @Override
    public void encode(Cursor out) {
        out.putU8(version);
        out.putBytes(driverIdentification.getBytes(StandardCharsets.US_ASCII));
        out.putU16(driverInformation.length);
        out.putBytes(driverInformation);
    }

    @Override
    public int encodedSize(int offsetSize, int lengthSize) {
        return 11 + driverInformation.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DriverInfoMessage d && d.version == version && d.driverIdentification.equals(driverIdentification)
                && Arrays.equals(d.driverInformation, driverInformation);
    }

    @Override
    public int hashCode() {
        return driverIdentification.hashCode() * 31 + Arrays.hashCode(driverInformation);
    }

    @Override
    public String toString() {
        return "DriverInfoMessage[" + driverIdentification + ", " + driverInformation.length + " bytes]";
    }
}
