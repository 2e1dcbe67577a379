package org.h5vds.filter.codec;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Which decoder inflates a zlib stream: {@link ZlibStream}, h5vds' own, or the system zlib
 * ({@code java.util.zip.Inflater}). Compiled, ZlibStream is about twice as fast as zlib on
 * detector frames; before the JIT has compiled it, it is several times slower. In a fresh JVM on
 * the 2-core development VM its first calls on a 128 KiB chunk took 15 ms and 4 ms, the next ones
 * 0.75-1 ms (the first compiled code), against zlib's 0.41 ms from its first call; the final code
 * arrived 180-330 ms in, after 35 to 180 calls depending on how busy the compiler was, and then took
 * 0.2 ms. The compiler needs calls (to start, and to profile the code it compiles) and time (its
 * queue, in the background).
 *
 * <p>So a JVM starts with zlib and gives every {@link #OURS_EVERY}th stream (on each thread) to
 * ZlibStream, which gets it compiled and measures it. (Giving it less, a fifth of the time, made
 * the first pass over 200 frames of 512 KiB faster but the next two slower.) A short-lived JVM,
 * such as one command of the command line, then inflates at zlib's speed rather than the
 * interpreter's. Once ZlibStream has been faster per output byte than zlib's
 * running average twice in a row, it takes every stream. It can fall back: the compiled code is
 * thrown away when a stream takes a branch no earlier stream took (on the read bench's frames a
 * long match, a run of one byte: back to the interpreter for ~100 ms), so while ZlibStream takes
 * every stream it is still timed, and twice in a row slower than twice zlib's average sends the
 * streams back to zlib until it is fast again. Timing costs two clock reads per stream.
 *
 * <p>Both yield the same bytes (ZlibStream accepts exactly what zlib 1.2.13 accepts); a stream
 * zlib refuses is decoded again by ZlibStream, so a malformed stream fails with the same message
 * whichever decoder met it.
 *
 * <p>Thread-safe: each thread has its own decoders; the choice is shared (updated without locks:
 * an update lost only delays a change of decoder).
 */
final class Inflate {
    /** The route every read takes. */
    static final Inflate SHARED = new Inflate();

    /** While zlib decodes, ZlibStream takes one stream in this many (on each thread). */
    static final int OURS_EVERY = 8;
    /** Outputs shorter than this are not timed: their times are mostly the call's own cost. */
    static final int TIMED_MIN = 4096;
    /** How many timed calls in a row change the decoder: ZlibStream's faster than zlib's average, or slower than twice that. */
    static final int IN_A_ROW = 2;

    private static final class PerThread {
        final Inflater zlib = new Inflater();
        int calls;
    }

    // (a class, not ThreadLocal.withInitial(lambda): a lambda's call site costs a fresh JVM 1-2 ms to link)
    private static final ThreadLocal<PerThread> PER_THREAD = new ThreadLocal<>() {
        @Override
        protected PerThread initialValue() {
            return new PerThread();
        }
    };

    /** Whether ZlibStream takes every stream (else zlib does, but one in {@link #OURS_EVERY}). */
    private volatile boolean oursFirst;
    /** zlib's running average, in ns per output byte; 0 until measured. */
    private volatile double zlibNsPerByte;
    /** ZlibStream's timed calls in a row that argue for the other choice. */
    private volatile int inARow;

    /**
     * Decodes the stream in {@code in[off, off + len)} into {@code out[outOff, outOff + outLen)}, as
     * {@link ZlibStream#inflate} does.
     *
     * @return the bytes produced
     * @throws ZlibStream.Malformed when the stream is refused, with ZlibStream's message
     */
    int inflate(byte[] in, int off, int len, byte[] out, int outOff, int outLen) {
        PerThread t = PER_THREAD.get();
        boolean ours = oursFirst || ++t.calls % OURS_EVERY == 0;
        long t0 = System.nanoTime();
        int n = ours ? ZlibStream.get().inflate(in, off, len, out, outOff, outLen) : zlib(t.zlib, in, off, len, out, outOff, outLen);
        long ns = System.nanoTime() - t0;
        if (n >= TIMED_MIN) learn(ours, (double) ns / n);
        return n;
    }

    /** Takes one timed call into account. */
    void learn(boolean ours, double nsPerByte) {
        double z = zlibNsPerByte;
        if (!ours) {
            zlibNsPerByte = z == 0 ? nsPerByte : z + (nsPerByte - z) / 8;
            return;
        }
        if (z == 0) return;
        boolean first = oursFirst;
        boolean againstChoice = first ? nsPerByte > 2 * z : nsPerByte < z;
        if (!againstChoice) {
            inARow = 0;
        } else if (inARow + 1 >= IN_A_ROW) {
            oursFirst = !first;
            inARow = 0;
        } else {
            inARow = inARow + 1;
        }
    }

    /** Whether ZlibStream takes every stream now. */
    boolean oursFirst() {
        return oursFirst;
    }

    /**
     * The stream decoded by zlib, or, when zlib refuses it, waits for more input or would yield
     * more than {@code outLen} bytes, by ZlibStream, whose refusal (with its message) is the answer.
     * {@code inflater} must be new or reset; it is left reset, holding no reference to {@code in}.
     */
    static int zlib(Inflater inflater, byte[] in, int off, int len, byte[] out, int outOff, int outLen) {
        java.util.Objects.checkFromIndexSize(off, len, in.length);
        java.util.Objects.checkFromIndexSize(outOff, outLen, out.length);
        inflater.setInput(in, off, len);
        try {
            int n = 0;
            while (n < outLen) {
                int k = inflater.inflate(out, outOff + n, outLen - n);
                n += k;
                if (k == 0) break;   // finished, or it needs input or a dictionary
            }
            if (inflater.finished()) return n;
            if (n == outLen && !inflater.needsInput() && !inflater.needsDictionary()) {
                // the output is full: the stream may still end here with no more bytes (an empty last block, the trailer)
                byte[] more = new byte[1];
                if (inflater.inflate(more) == 0 && inflater.finished()) return n;
            }
        } catch (DataFormatException e) {
            // refused: ZlibStream says why, below
        } finally {
            inflater.reset();
        }
        return ZlibStream.get().inflate(in, off, len, out, outOff, outLen);
    }
}
