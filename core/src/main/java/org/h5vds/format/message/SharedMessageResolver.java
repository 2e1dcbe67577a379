package org.h5vds.format.message;

/**
 * Finds the message a {@link SharedMessage} stands for. Committed messages live in another object
 * header; messages shared through the shared object header message heap need the fractal heap, so
 * the resolver is pluggable and supplied by the layer that can read both.
 */
@FunctionalInterface
public interface SharedMessageResolver {
    /**
     * Returns the decoded message {@code shared} refers to; its {@link Message#type()} equals
     * {@code shared.type()}.
     *
     * @throws org.h5vds.io.H5FormatException when the reference cannot be followed
     */
    Message resolve(SharedMessage shared);
}
