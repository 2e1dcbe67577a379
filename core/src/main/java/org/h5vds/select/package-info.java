/**
 * Dataspace selections: the algebra under every read and every VDS mapping.
 *
 * <ul>
 *   <li>{@link org.h5vds.select.DimSet}: sorted index sets along one axis (regular, clipped
 *       regular, explicit intervals) with exact, compact intersection and rank-space maps;</li>
 *   <li>{@link org.h5vds.select.Selection}: all, none, hyperslab, product, block union (span
 *       tree), points; iteration as maximal runs along the last axis;</li>
 *   <li>{@link org.h5vds.select.SelectionPair} and {@link org.h5vds.select.VdsProjection}: the
 *       element-k-to-element-k correspondence of a mapping or a read, restricted to a region and
 *       rewritten into the positions of an output array;</li>
 *   <li>{@link org.h5vds.select.IndexExpression}: NumPy/h5py index expressions resolved exactly as
 *       h5py does;</li>
 *   <li>{@link org.h5vds.select.SelectionCodec}: the serialised selection of VDS heap blocks and
 *       region references, every version, written as libhdf5 writes it.</li>
 * </ul>
 *
 * Layer rule: this package may use {@code io} and {@code format} only.
 */
package org.h5vds.select;
