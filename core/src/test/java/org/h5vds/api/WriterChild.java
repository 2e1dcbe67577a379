package org.h5vds.api;

import java.nio.file.Path;

/**
 * A program that writes a large file, for tests that end it before it closes the file:
 * {@code WriterChild TARGET kill|throw|exit}. It prints "writing" once frames are going to disk,
 * then (kill) keeps writing until killed, (throw) fails with an uncaught exception, or (exit)
 * calls System.exit — never closing the file.
 */
public final class WriterChild {
    private WriterChild() {
    }

    public static void main(String[] args) throws Exception {
        Path target = Path.of(args[0]);
        String how = args[1];
        H5File f = H5File.create(target);
        Dataset d = f.createDataset("entry/frames", DType.UINT16, Shape.of(0, 512, 512),
                DatasetOptions.chunked(1, 512, 512).maxShape(Shape.UNLIMITED, 512, 512).deflate(1));
        short[] frame = new short[512 * 512];
        for (int i = 0; ; i++) {
            for (int j = 0; j < frame.length; j += 97) frame[j] = (short) (i + j);
            d.append(NdArray.ofUnsigned(frame, 512, 512));
            if (i == 20) {
                System.out.println("writing");
                System.out.flush();
                if (how.equals("throw")) throw new IllegalStateException("the acquisition crashed");
                if (how.equals("exit")) System.exit(3);
            }
        }
    }
}
