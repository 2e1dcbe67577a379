package org.h5vds.api;

import java.util.ArrayList;
import java.util.List;

/**
 * One axis of a dataset with its dimension scales and label: h5py's {@code dataset.dims[i]}
 * (libhdf5's H5DS API, whose attributes h5vds reads and writes as libhdf5 does).
 *
 * <pre>{@code
 * Dataset x = f.createDataset("x", NdArray.of(new double[] {0, 0.5, 1}, 3));
 * x.makeScale("x");                            // x.make_scale('x')
 * data.dims().get(1).attachScale(x);           // data.dims[1].attach_scale(x)
 * data.dims().get(1).setLabel("x");            // data.dims[1].label = 'x'
 * data.dims().get(1).scales();                 // data.dims[1].values()
 * }</pre>
 */
public final class Dimension {
    private final Dataset dataset;
    private final int axis;

    Dimension(Dataset dataset, int axis) {
        this.dataset = dataset;
        this.axis = axis;
    }

    /**
     * The axis.
     *
     * @return the axis number, from 0
     */
    public int axis() {
        return axis;
    }

    /**
     * The axis' label (h5py's {@code dims[i].label}).
     *
     * @return the label, or "" when the axis has none
     */
    public String label() {
        try {
            return DimensionScales.label(dataset, axis);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Labels the axis (h5py's {@code dims[i].label = label}), stored in the dataset's
     * {@code DIMENSION_LABELS} attribute as libhdf5 stores it.
     *
     * @param label the new label
     */
    public void setLabel(String label) {
        try {
            DimensionScales.setLabel(dataset, axis, label);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The dimension scales attached to the axis, in the order they were attached (h5py's
     * {@code dims[i].values()}).
     *
     * @return the scales; empty when none is attached
     */
    public List<Dataset> scales() {
        try {
            return DimensionScales.scales(dataset, axis);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * The names of the attached scales, in the order of {@link #scales()} (h5py's
     * {@code dims[i].keys()}; "" for a scale without a name).
     *
     * @return the names
     */
    public List<String> scaleNames() {
        try {
            List<String> names = new ArrayList<>();
            for (Dataset s : scales()) names.add(s.scaleName());
            return names;
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Attaches {@code scale} to the axis, after the scales attached before (h5py's
     * {@code dims[i].attach_scale(scale)}); a dataset that is not a scale yet becomes one, without
     * a name, as libhdf5 makes it. Attaching a scale attached already does nothing.
     *
     * @param scale a dataset of the same file, not this one, with no scales of its own
     * @throws IllegalArgumentException when libhdf5 would refuse: the scale is this dataset, this
     *                                  dataset is a scale, the scale has scales attached, or is in another file
     */
    public void attachScale(Dataset scale) {
        try {
            DimensionScales.attach(dataset, axis, scale);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    /**
     * Detaches {@code scale} from the axis (h5py's {@code dims[i].detach_scale(scale)}); the
     * bookkeeping attributes left empty are deleted, as libhdf5 deletes them.
     *
     * @param scale a scale attached to the axis
     * @throws IllegalArgumentException when it is not attached there
     */
    public void detachScale(Dataset scale) {
        try {
            DimensionScales.detach(dataset, axis, scale);
        } catch (RuntimeException e) {
            throw Errors.translate(e);
        }
    }

    @Override
    public String toString() {
        return "Dimension[" + dataset.path() + " axis " + axis + "]";
    }
}
