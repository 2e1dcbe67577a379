package org.h5vds.api;

import org.h5vds.io.H5FormatException;
import org.h5vds.select.AxisIndexOutOfBoundsException;
import org.h5vds.select.IndexSyntaxException;
import org.h5vds.select.InvalidIndexException;
import org.h5vds.select.SelectionTooComplexException;
import org.h5vds.vds.InvalidMappingException;

/**
 * The one place where the lower layers' errors become the api's. The layers below cannot name
 * api types (imports point down), so they raise their own ({@code io.H5Exception} and its
 * subclasses, {@code node.NoSuchObjectException}, select's index errors, vds's mapping error);
 * every public api method that reaches them ends in
 * {@code catch (RuntimeException e) { throw Errors.translate(e); }} — a plain handler, free on the
 * path that does not throw — so a user catches api types only. The message is kept word for word
 * and the original error is the cause.
 */
final class Errors {
    private Errors() {}

    /**
     * The api error for {@code e}: a lower layer's error translated, anything else (an api error
     * already, a plain argument error, a user callback's own exception) unchanged.
     */
    static RuntimeException translate(RuntimeException e) {
        if (e instanceof org.h5vds.io.H5Exception h) return translate(h);
        if (e instanceof InvalidMappingException m) {
            return new org.h5vds.api.InvalidMappingException(m.getMessage(), m.mapping(), m.axis(), m);
        }
        if (e instanceof IndexSyntaxException s) {
            return new org.h5vds.api.IndexSyntaxException(s.getMessage(), s.text(), s.position(), s);
        }
        if (e instanceof InvalidIndexException i) return new org.h5vds.api.InvalidIndexException(i.getMessage(), i.axis(), i);
        if (e instanceof SelectionTooComplexException t) return new org.h5vds.api.InvalidIndexException(t.getMessage(), -1, t);
        if (e instanceof AxisIndexOutOfBoundsException a) {
            return new org.h5vds.api.AxisIndexOutOfBoundsException(a.getMessage(), a.axis(), a.index(), a.size(), a);
        }
        return e;
    }

    /** {@link #translate(RuntimeException)} for the lower layers' file errors. */
    static H5Exception translate(org.h5vds.io.H5Exception e) {
        if (e instanceof H5FormatException f) {
            return new org.h5vds.api.H5FormatException(f.getMessage(), f.file(), f.object(), f.offset(), f.detail(), f);
        }
        if (e instanceof org.h5vds.io.NoSuchFileException n) return new NoSuchFileException(n.getMessage(), n.location(), n);
        if (e instanceof org.h5vds.node.NoSuchObjectException n) {
            return new NoSuchObjectException(n.getMessage(), n.file(), n.path(), n.why(), n);
        }
        return new H5Exception(e.getMessage(), e);
    }
}
