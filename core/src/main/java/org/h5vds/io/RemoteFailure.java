package org.h5vds.io;

/**
 * A remote request that failed, with what kind of failure it was: the remote store retries
 * {@link Kind#TRANSIENT} ones and turns the others into one-line errors naming the location.
 */
final class RemoteFailure extends Exception {
    enum Kind {
        /** No object there (404, NoSuchKey, NoSuchBucket). */
        NOT_FOUND,
        /** The credentials are refused or not allowed to read (403, InvalidAccessKeyId, SignatureDoesNotMatch). */
        DENIED,
        /** The object is not the version that was opened (412, another ETag). */
        CHANGED,
        /** Worth another try: 5xx, 429, timeouts, dropped or refused connections. */
        TRANSIENT,
        /** Anything else: reported as it is. */
        FATAL
    }

    private final Kind kind;

    RemoteFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    RemoteFailure(Kind kind, String message) {
        this(kind, message, null);
    }

    Kind kind() {
        return kind;
    }
}
