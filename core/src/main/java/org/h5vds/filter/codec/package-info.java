/**
 * The filters h5vds ships, one class per registered filter id, each decoding and encoding the
 * exact bytes of the libhdf5 filter or plugin of that id: deflate (1), shuffle (2), fletcher32 (3),
 * scale-offset (6, read only), bzip2 (307), LZF (32000), blosc (32001), LZ4 (32004), bitshuffle
 * (32008) and zstd (32015). Codecs are pure Java: java.util.zip, aircompressor (LZ4, zstd, snappy),
 * compress-lzf and commons-compress; bitshuffle's bit transpose, the blosc container and BloscLZ
 * are written here.
 */
package org.h5vds.filter.codec;
