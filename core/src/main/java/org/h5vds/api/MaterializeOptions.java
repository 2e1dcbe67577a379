package org.h5vds.api;

import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * How {@link Dataset#materialize(Group, String, MaterializeOptions)} copies a dataset: which part
 * ({@link #select}), stored how ({@link #storage}; by default as {@link Dataset#materializeStorage}
 * chooses), with or without its attributes, and whom to tell how many bytes are done. Immutable.
 */
public final class MaterializeOptions {
    private final Index selection;
    private final DatasetOptions storage;
    private final boolean attributes;
    private final LongConsumer progress;

    private MaterializeOptions(Index selection, DatasetOptions storage, boolean attributes, LongConsumer progress) {
        this.selection = selection;
        this.storage = storage;
        this.attributes = attributes;
        this.progress = progress;
    }

    /**
     * Everything, stored as {@link Dataset#materializeStorage} chooses, attributes copied.
     *
     * @return the default options
     */
    public static MaterializeOptions defaults() {
        return new MaterializeOptions(Index.ALL, null, true, done -> { });
    }

    /**
     * Copies only what {@code index} selects (NumPy basic indexing: integer indexes drop their axis, as in h5py's {@code dset[index]}).
     *
     * @param index the part of the dataset to copy
     * @return new options; these are unchanged
     */
    public MaterializeOptions select(Index index) {
        return new MaterializeOptions(Objects.requireNonNull(index, "index"), storage, attributes, progress);
    }

    /**
     * As {@link #select(Index)}, the index as text, e.g. {@code "0:100, ::2"}.
     *
     * @param index NumPy indexing, as h5py takes it in {@code dset[...]}
     * @return new options; these are unchanged
     */
    public MaterializeOptions select(String index) {
        return select(Index.parse(index));
    }

    /**
     * Stores the copy as {@code options} say (layout, chunks, filters); a fill value not given
     * there is the dataset's. Null: as {@link Dataset#materializeStorage} chooses.
     *
     * @param options the copy's storage, or null to let {@link Dataset#materializeStorage} choose
     * @return new options; these are unchanged
     */
    public MaterializeOptions storage(DatasetOptions options) {
        return new MaterializeOptions(selection, options, attributes, progress);
    }

    /**
     * Whether the dataset's attributes are copied too (default true).
     *
     * @param copy true to copy the attributes
     * @return new options; these are unchanged
     */
    public MaterializeOptions attributes(boolean copy) {
        return new MaterializeOptions(selection, storage, copy, progress);
    }

    /**
     * Told the number of bytes of data copied so far, after each slab (from the copying thread).
     *
     * @param bytesDone told the bytes copied so far
     * @return new options; these are unchanged
     */
    public MaterializeOptions progress(LongConsumer bytesDone) {
        return new MaterializeOptions(selection, storage, attributes, Objects.requireNonNull(bytesDone, "progress"));
    }

    Index selection() {
        return selection;
    }

    DatasetOptions storage() {
        return storage;
    }

    boolean attributes() {
        return attributes;
    }

    LongConsumer progress() {
        return progress;
    }
}
