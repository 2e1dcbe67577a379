package org.h5vds.select;

/**
 * A selection operation whose exact result would need an explicit list too long to hold (see
 * {@link DimSet#MAX_INTERVALS}), or more work than is sane for one call.
 */
public class SelectionTooComplexException extends IllegalArgumentException {
    public SelectionTooComplexException(String message) {
        super(message);
    }
}
