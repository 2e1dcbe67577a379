package org.h5vds.cli;

/**
 * Turns the text of an option's value or a positional into the value a command reads. A value
 * that does not convert throws an {@link IllegalArgumentException} whose message says why, e.g.
 * {@code 'abc' is not a long}; the parser adds which option it was given to.
 */
interface Converter {
    Object convert(String text);
}
