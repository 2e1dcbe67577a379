package org.h5vds.filter.codec;

/**
 * Decoder of BloscLZ, blosc's own LZ77 codec (blosclz.c, a FastLZ derivative), written from its
 * format:
 * <ul>
 * <li>The first byte's low 5 bits are the first control byte (its high bits are a marker).
 * <li>A control byte below 32 starts a literal run of {@code ctrl + 1} bytes.
 * <li>Otherwise it starts a match: length code {@code ctrl >> 5}; code 7 is extended by following
 *     bytes, each added, until one is not 255; then the low byte of the distance. The match copies
 *     {@code code - 1 + 3} bytes from {@code (ctrl & 31) << 8 | low} + 1 bytes back; when the
 *     low byte is 255 and the high bits are all set, two more bytes (big-endian) give a far
 *     distance of {@code 8191 + value + 1}.
 * <li>The stream ends where its bytes end; a match is only executed when a control byte follows it,
 *     so a well-formed stream ends with a literal run.
 * </ul>
 * Every bound is checked: a hostile stream yields -1, never an exception or a read or write past
 * its arrays.
 */
final class BloscLz {
    private static final int MAX_DISTANCE = 8191;

    private BloscLz() {
    }

    /**
     * Decodes {@code in[inOff, inOff + inLen)} into {@code out[outOff, outOff + maxOut)}.
     *
     * @return the number of bytes produced, or -1 when the stream is malformed or does not fit
     */
    static int decompress(byte[] in, int inOff, int inLen, byte[] out, int outOff, int maxOut) {
        if (inLen == 0) return 0;
        int ip = inOff;
        int ipLimit = inOff + inLen;
        int op = outOff;
        int opLimit = outOff + maxOut;
        int ctrl = in[ip++] & 31;
        while (true) {
            if (ctrl >= 32) {
                int len = (ctrl >>> 5) - 1;
                int ofs = (ctrl & 31) << 8;
                if (len == 7 - 1) {
                    int code;
                    do {
                        if (ip + 1 >= ipLimit) return -1;
                        code = in[ip++] & 0xFF;
                        len += code;
                    } while (code == 255);
                } else if (ip + 1 >= ipLimit) {
                    return -1;
                }
                int code = in[ip++] & 0xFF;
                len += 3;
                int distance = ofs + code;
                if (code == 255 && ofs == (31 << 8)) {
                    if (ip + 1 >= ipLimit) return -1;
                    distance = ((in[ip] & 0xFF) << 8 | (in[ip + 1] & 0xFF)) + MAX_DISTANCE;
                    ip += 2;
                }
                // ref = op - distance - 1 must lie inside the output written so far.
                int ref = op - distance - 1;
                if (len > opLimit - op) return -1;
                if (ref < outOff) return -1;
                if (ip >= ipLimit) break;
                ctrl = in[ip++] & 0xFF;
                if (ref == op - 1) {
                    java.util.Arrays.fill(out, op, op + len, out[ref]);
                    op += len;
                } else if (op - ref >= len) {
                    System.arraycopy(out, ref, out, op, len);
                    op += len;
                } else {
                    for (int k = 0; k < len; k++) out[op++] = out[ref++];
                }
            } else {
                int run = ctrl + 1;
                if (run > opLimit - op) return -1;
                if (run > ipLimit - ip) return -1;
                System.arraycopy(in, ip, out, op, run);
                op += run;
                ip += run;
                if (ip >= ipLimit) break;
                ctrl = in[ip++] & 0xFF;
            }
        }
        return op - outOff;
    }
}
