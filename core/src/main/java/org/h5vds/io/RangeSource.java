package org.h5vds.io;

/**
 * One remote object read by byte ranges: what an S3 object and an HTTP resource have in common.
 * {@link RemoteStore} adds the first large read, the block cache, coalescing, parallel fetches,
 * retries and the version check on top. Thread-safe; one call is one request.
 */
interface RangeSource {
    /** The object's location, for messages. */
    String location();

    /**
     * Fetches bytes {@code [start, start + length)} (fewer at the end of the object).
     *
     * @param version the version (ETag) the object had when opened, which the answer must carry
     *                (sent as If-Match where the server takes it); null for the first request
     * @throws RemoteFailure classified, so the caller knows whether to retry
     */
    Fetched fetch(long start, int length, String version) throws RemoteFailure;

    /** The bytes of one answer, with what it says about the whole object. */
    record Fetched(byte[] bytes, long objectSize, String version) {
    }
}
