/**
 * The filter layer: HDF5's filter pipeline and every filter h5vds reads or writes, byte-compatible
 * with libhdf5's built-in filters and the registered third-party plugins.
 *
 * <p>{@link org.h5vds.filter.FilterPipeline} decodes and encodes one chunk through the filters of a
 * dataset's Filter Pipeline message ({@link org.h5vds.filter.FilterSpec}), honouring the chunk's
 * filter mask. Filters implement {@link org.h5vds.filter.Filter} and are found with
 * {@link java.util.ServiceLoader} ({@link org.h5vds.filter.FilterRegistry}); the built-in set lives
 * in {@code org.h5vds.filter.codec}. This layer knows nothing of files beyond the name and address
 * it puts in error messages; the storage layer hands it chunk bytes.
 */
package org.h5vds.filter;
