package org.h5vds.api;

/** An index expression that does not parse; the message shows where. */
public class IndexSyntaxException extends InvalidIndexException {
    /** The index expression as given. */
    private final String text;
    /** The character offset of the problem in the text. */
    private final int position;

    /**
     * @param message  the whole message
     * @param text     the index expression
     * @param position the character offset of the problem in {@code text}
     * @param cause    the error that caused this one, or null
     */
    public IndexSyntaxException(String message, String text, int position, Throwable cause) {
        super(message, -1, cause);
        this.text = text;
        this.position = position;
    }

    /**
     * The index expression as given.
     *
     * @return the text that does not parse
     */
    public String text() {
        return text;
    }

    /**
     * Where the problem is.
     *
     * @return the character offset of the problem in {@link #text()}
     */
    public int position() {
        return position;
    }
}
