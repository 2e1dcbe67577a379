package org.h5vds.api;

/**
 * The chunk shape h5py picks when chunks are needed but none were given (h5py's
 * {@code filters.guess_chunk}, after PyTables): aim at a chunk size that grows with the dataset
 * (16 KiB times 2 to the power log10 of the dataset's MiB), kept between 8 KiB and 1 MiB, by
 * halving the axes in turn, first to last, starting from the whole shape (1024 for empty axes).
 */
final class ChunkGuess {
    static final double CHUNK_BASE = 16 * 1024;
    static final double CHUNK_MIN = 8 * 1024;
    static final double CHUNK_MAX = 1024 * 1024;

    private ChunkGuess() {
    }

    static long[] guess(long[] shape, int elementSize) {
        int rank = shape.length;
        double[] chunks = new double[rank];
        for (int i = 0; i < rank; i++) chunks[i] = shape[i] == 0 ? 1024 : shape[i];
        double datasetBytes = product(chunks) * elementSize;
        double target = CHUNK_BASE * Math.pow(2, Math.log10(datasetBytes / (1024.0 * 1024)));
        target = Math.min(CHUNK_MAX, Math.max(CHUNK_MIN, target));
        for (int idx = 0; ; idx++) {
            double chunkBytes = product(chunks) * elementSize;
            if ((chunkBytes < target || Math.abs(chunkBytes - target) / target < 0.5) && chunkBytes < CHUNK_MAX) break;
            if (product(chunks) == 1) break;
            chunks[idx % rank] = Math.ceil(chunks[idx % rank] / 2.0);
        }
        long[] out = new long[rank];
        for (int i = 0; i < rank; i++) out[i] = (long) chunks[i];
        return out;
    }

    private static double product(double[] v) {
        double p = 1;
        for (double x : v) p *= x;
        return p;
    }
}
