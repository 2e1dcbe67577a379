package org.h5vds.picture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A picture of the mappings of a virtual dataset, as SVG ({@code h5vds mappings --svg}).
 *
 * <p>The dataset's extent is drawn to scale on two of its axes (rows: the first, columns: the
 * second; a 1-D dataset is a strip; {@link #chooseAxes} picks them when the user does not). Other axes are projected: a mapping shows wherever it covers
 * the drawn plane at any index along them. Each mapping is a block coloured after its source file
 * (one colour per file, in order of first appearance), one rectangle per block of a strided
 * selection, labelled with the source file and selection where the label fits and no later
 * block covers it, and with a tooltip always; a printf ({@code %b}) mapping is drawn block by block, each with the name it resolves
 * to. Later mappings are drawn over earlier ones. Space no mapping covers is hatched and labelled
 * with the fill value; missing sources are dashed and faded. A legend lists every source file.
 *
 * <p>When there are more blocks than can be drawn one by one ({@value PictureModel#EXACT_BLOCKS}), the plane
 * is cut into at most {@value PlaneLayout#MAX_CELLS} × {@value PlaneLayout#MAX_CELLS} cells, each cell takes the colour
 * of the last mapping touching it, and runs of equal cells are merged into rectangles, one group
 * (with one tooltip) per source file; the grid is made coarser until at most {@value #MAX_RECTS}
 * rectangles remain (see {@link PlaneLayout}), which keeps the SVG under about 2 MB however many mappings there are.
 *
 * <p>Blocks thinner than 2 pixels (interleaved frames) also get an enlarged detail of the first
 * indices, where they are labelled.
 *
 * <p>The work is split in three: {@link PictureModel} (the mappings as pieces on the plane),
 * {@link PlaneLayout} (the grid they are painted on and merged into rectangles) and
 * {@link SvgPicture} (the drawing). An instance draws one picture and is not shared between threads.
 */
public final class MappingPicture {
    private final PictureModel model;
    private final SvgPicture drawing;
    private String svg;

    /**
     * @param axes the axes drawn as rows and columns, as {@link #axes} or {@link #chooseAxes} return them
     * @throws IllegalArgumentException for a scalar dataset, which has no extent to draw
     */
    public MappingPicture(MappingSubject subject, int[] axes) {
        this.model = new PictureModel(subject, axes);
        this.drawing = new SvgPicture(model);
    }

    /**
     * The axes to draw when the user names none: the two along which the mappings differ most
     * (see {@link AxisChoice}).
     */
    public static int[] chooseAxes(MappingSubject subject) {
        return AxisChoice.of(subject.mappings(), subject.extent());
    }

    /**
     * The axes to draw, {row axis, column axis}: from {@code text} ("A,B"; negative numbers count
     * from the end as in NumPy), or the last two axes when {@code text} is null. A 1-D dataset has
     * row axis -1 (drawn as a strip) and accepts "0" alone.
     *
     * @throws IllegalArgumentException naming the offending axis
     */
    public static int[] axes(String text, int rank) {
        if (rank < 1) throw new IllegalArgumentException("a scalar dataset has no axes to draw");
        if (text == null) return rank == 1 ? new int[] {-1, 0} : new int[] {rank - 2, rank - 1};
        String[] parts = text.split(",", -1);
        int[] a = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                a[i] = Integer.parseInt(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--axes " + text + ": '" + parts[i].strip() + "' is not an axis number");
            }
            if (a[i] < -rank || a[i] >= rank) {
                throw new IllegalArgumentException("--axes " + text + ": axis " + a[i] + " is out of range for a " + rank
                        + "-D dataset (axes 0.." + (rank - 1) + ")");
            }
            if (a[i] < 0) a[i] += rank;
        }
        if (rank == 1) {
            if (a.length != 1) throw new IllegalArgumentException("--axes " + text + ": a 1-D dataset has one axis to draw: give --axes 0");
            return new int[] {-1, 0};
        }
        if (a.length != 2) throw new IllegalArgumentException("--axes " + text + ": give two axes, A,B (A drawn down, B across)");
        if (a[0] == a[1]) throw new IllegalArgumentException("--axes " + text + ": the two axes must differ");
        return a;
    }

    /** The picture as an SVG document (drawn on first use). */
    public String svg() {
        if (svg == null) svg = drawing.draw();
        return svg;
    }

    /** One line saying what was drawn, for the command's output. */
    public String describe() {
        svg();
        return drawing.describe();
    }

    /** Writes the SVG to {@code out} through a temporary file in the same folder, so that {@code out} appears only complete. */
    public void write(Path out) throws IOException {
        String text = svg();
        Path target = out.toAbsolutePath();
        if (Files.isDirectory(target)) throw new IOException(out + ": is a folder; give a file name for the picture");
        Path dir = target.getParent();
        // say which folder is missing rather than name the hidden temporary file we could not create
        if (!Files.isDirectory(dir)) throw new IOException(out + ": the folder " + dir + " does not exist");
        Path tmp = dir.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + "." + System.nanoTime() + ".part");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Number of pieces drawn (mappings, and printf blocks counted one by one), for tests. */
    int pieceCount() {
        return model.pieceCount();
    }
}
