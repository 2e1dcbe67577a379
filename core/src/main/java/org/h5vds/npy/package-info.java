/**
 * NumPy's {@code .npy} file format (numpy.lib.format), a second file format beside HDF5: the
 * magic, version and header of a file, the Python literal its header is, and writing a file
 * beside its name before it takes it. It knows the dtype only as NumPy's {@code descr} text;
 * {@code api.Npy} turns that into a {@code DType} and the data into an {@code NdArray}, and is
 * what users call.
 */
package org.h5vds.npy;
