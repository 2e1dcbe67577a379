/**
 * The VDS engine: reads HDF5 virtual datasets (layout class 3) as libhdf5 reads them, and lays out
 * new ones as libhdf5 1.10 writes them.
 *
 * <ul>
 *   <li>{@link org.h5vds.vds.VirtualHeapBlock}: the mapping list as stored (format spec III.F,
 *       block versions 0 and 1), decoded and encoded; {@link org.h5vds.vds.VirtualMapping} one
 *       entry, {@link org.h5vds.vds.SourceName} its printf ({@code %b}) names.</li>
 *   <li>{@link org.h5vds.vds.VirtualReaders}: the engine of one opened file, registered with the
 *       node layer as its {@link org.h5vds.node.VirtualReaderFactory}; it builds a
 *       {@link org.h5vds.vds.VirtualReader} per virtual dataset and owns the pool of source files.</li>
 *   <li>{@link org.h5vds.vds.VirtualReader}: the extent (views, printf gap, unlimited mappings),
 *       source resolution in libhdf5's order (SourceLocator), an R-tree over the mapping pieces
 *       (MappingIndex) and the parallel read planner.</li>
 *   <li>{@link org.h5vds.vds.VirtualOptions}: libhdf5's VDS access properties plus the open-file
 *       limit and the choice to fail on missing sources.</li>
 *   <li>{@link org.h5vds.vds.MappingRules}: the checks a new mapping must pass (libhdf5's
 *       H5Pset_virtual and H5Dcreate), failing with an {@link org.h5vds.vds.InvalidMappingException};
 *       {@link org.h5vds.vds.LayoutMappings}: a layout's mappings as it is built, boxes and ALL kept
 *       in primitive arrays; {@link org.h5vds.vds.VirtualLayoutWriter}: a new virtual dataset's
 *       storage (heap block and layout message), written when the file is closed.</li>
 *   <li>{@link org.h5vds.vds.SourceCheck}: every source of a virtual dataset found, readable and
 *       fitting, nested virtual datasets included ({@link org.h5vds.vds.SourceCheck}).</li>
 * </ul>
 *
 * This layer sits above node and below api: it imports node, storage, select, format and io.
 */
package org.h5vds.vds;
