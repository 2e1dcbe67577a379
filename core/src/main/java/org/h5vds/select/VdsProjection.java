package org.h5vds.select;

/**
 * The selection algebra of one VDS read: which elements of a source dataset fill which positions
 * of the output array.
 *
 * <p>A mapping pairs a virtual selection V (in the virtual dataset) with a source selection S (in
 * the source dataset), element k of V taking element k of S. A read asks for a product R of the
 * virtual dataset and fills a dense array of R's shape. Restricting the pair to R gives the
 * elements R ∩ V with their sources S'; rewriting R ∩ V in R's rank space gives their positions
 * in the output array.
 */
public final class VdsProjection {
    private VdsProjection() {
    }

    /**
     * @param virtual the mapping's virtual selection, resolved against the virtual extent
     * @param source  the mapping's source selection, resolved against the source extent
     * @param request the elements asked for, resolved, in the virtual dataset
     * @return pair a = elements of the source dataset to read, b = their positions in the dense
     *         output array of shape {@code request.sizes()}; element k of a goes to element k of b
     */
    public static SelectionPair project(Selection virtual, Selection source, ProductSelection request) {
        SelectionPair restricted = new SelectionPair(virtual, source).restrictA(request);
        return restricted.swap().mapB(request);
    }
}
