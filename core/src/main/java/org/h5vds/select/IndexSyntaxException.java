package org.h5vds.select;

/** An index expression that does not parse; the message shows where. */
public class IndexSyntaxException extends IllegalArgumentException {
    private final String text;
    private final int position;

    public IndexSyntaxException(String text, int position, String detail) {
        super(detail + " at position " + position + " in \"" + text + "\"");
        this.text = text;
        this.position = position;
    }

    public String text() {
        return text;
    }

    /** Character offset of the problem in {@link #text()}. */
    public int position() {
        return position;
    }
}
