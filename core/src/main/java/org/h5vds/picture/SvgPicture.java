package org.h5vds.picture;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.h5vds.api.VirtualSourceInfo;
import org.h5vds.picture.PictureModel.Piece;
import org.h5vds.picture.PictureModel.Source;

/**
 * Draws a {@link PictureModel} as an SVG document: a title and header lines saying what is shown
 * and what is not, the plane to scale (stretched, and said so, when one axis would be too thin)
 * with the unmapped space hatched and labelled with the fill value, the pieces (one group per
 * mapping with a tooltip and a label where it fits and no later block covers it; or, when blocks
 * are merged, one group per source file), an enlarged detail when blocks are thinner than 2 pixels,
 * axes with round ticks, and a legend of the source files. The XML itself is written by {@link Svg}.
 */
final class SvgPicture {
    /** Legend rows per column, and columns at most: the legend lists this many files, then counts the rest. */
    static final int LEGEND_ROWS = 60;
    static final int LEGEND_COLUMNS = 4;
    static final int MAX_LEGEND = LEGEND_ROWS * LEGEND_COLUMNS;

    private static final double WIDTH = 1000;
    private static final double LEFT = 90;
    private static final double RIGHT = 30;
    private static final double PLOT_W = WIDTH - LEFT - RIGHT;
    private static final double MAX_PLOT_H = 1000;
    private static final double MIN_PLOT_H = 120;
    private static final double STRIP_H = 56;
    /** Height of the enlarged detail, and the size the thinnest block gets in it. */
    private static final double DETAIL_H = 240;
    private static final double DETAIL_PX = 20;
    private static final int MAX_FILL_LABELS = 12;
    private static final double LABEL_FONT = 12;
    private static final double LINE_H = 14;
    private static final double LEGEND_FONT = 12;
    private static final double LEGEND_LINE = 20;
    /** Average advance of a sans-serif character, as a fraction of the font size (a generous estimate). */
    private static final double CHAR_W = 0.6;

    private final PictureModel model;
    private final MappingSubject subject;
    private final int rank;
    /** Axis drawn as rows (-1 for a strip) and axis drawn as columns. */
    private final int rowAxis;
    private final int colAxis;
    private final long rowsExtent;
    private final long colsExtent;
    private final Map<String, Source> sources;
    private final List<Piece> pieces;
    private final boolean exact;
    private int gridRows;
    private int gridCols;

    SvgPicture(PictureModel model) {
        this.model = model;
        this.subject = model.subject;
        this.rank = model.rank;
        this.rowAxis = model.rowAxis;
        this.colAxis = model.colAxis;
        this.rowsExtent = model.rowsExtent;
        this.colsExtent = model.colsExtent;
        this.sources = model.sources;
        this.pieces = model.pieces;
        this.exact = model.exact;
    }

    /** The picture as an SVG document. */
    String draw() {
        int[] keyOfOwner = new int[pieces.size() + 1];
        keyOfOwner[0] = -1;
        for (int i = 0; i < pieces.size(); i++) {
            Piece p = pieces.get(i);
            keyOfOwner[i + 1] = exact ? 0 : 2 * p.source.index + (p.problem != null ? 1 : 0);
        }
        PlaneLayout layer = PlaneLayout.of(model, keyOfOwner);
        gridRows = layer.grid().rows.cells();
        gridCols = layer.grid().cols.cells();

        double natural = PLOT_W * rowsExtent / colsExtent;
        double plotH;
        if (rowAxis < 0) {
            plotH = STRIP_H;
        } else {
            plotH = Math.max(MIN_PLOT_H, Math.min(MAX_PLOT_H, natural));
            // interleaving along the rows shows only when each row gets a pixel: stretch when rows are much thinner
            if (rowsExtent <= MAX_PLOT_H && rowsExtent >= 1.5 * plotH) plotH = rowsExtent;
        }
        List<String> lines = headerLines(plotH, natural);
        Svg body = new Svg();
        double y = 30;
        body.element("text", subject.file() + " : " + subject.dataset(), "x", "20", "y", Svg.num(y), "font-size", "17", "font-weight", "bold",
                "class", "title").newline();
        y += 22;
        for (int i = 0; i < lines.size(); i++) {
            body.element("text", lines.get(i), "x", "20", "y", Svg.num(y), "font-size", i == 0 ? "13" : "12", "fill", i == 0 ? "#222222" : "#555555",
                    "class", i == 0 ? "summary" : "note").newline();
            y += 17;
        }
        double top = y + 34;
        Plot plot = new Plot(top, plotH, rowsExtent, colsExtent);
        body.empty("rect", "x", Svg.num(LEFT), "y", Svg.num(top), "width", Svg.num(PLOT_W), "height", Svg.num(plotH), "fill", "#ffffff").newline();
        drawUnmapped(body, plot, layer, "unmapped");
        if (exact) drawPieces(body, plot, "mapping");
        else drawSources(body, plot, layer);
        body.empty("rect", "x", Svg.num(LEFT), "y", Svg.num(top), "width", Svg.num(PLOT_W), "height", Svg.num(plotH), "fill", "none",
                "stroke", "#333333", "stroke-width", "1", "class", "frame").newline();
        drawAxes(body, plot);
        double next = top + plotH + 28;
        Plot detail = exact ? detail(plot, next + 40) : null;
        if (detail != null) {
            String what = (detail.rowEnd < rowsExtent ? "axis " + rowAxis + " from 0 to " + detail.rowEnd + " of " + rowsExtent : "")
                    + (detail.rowEnd < rowsExtent && detail.colEnd < colsExtent ? ", " : "")
                    + (detail.colEnd < colsExtent ? "axis " + colAxis + " from 0 to " + detail.colEnd + " of " + colsExtent : "");
            body.element("text", "Detail, enlarged because some blocks are thinner than 2 pixels: " + what, "x", "20", "y", Svg.num(next),
                    "font-weight", "bold", "font-size", "13", "class", "detail-title").newline();
            body.open("g", "class", "detail");
            body.empty("rect", "x", Svg.num(LEFT), "y", Svg.num(detail.top), "width", Svg.num(PLOT_W), "height", Svg.num(detail.height),
                    "fill", "#ffffff");
            drawUnmapped(body, detail, layer, "detail-unmapped");
            drawPieces(body, detail, "detail-mapping");
            body.empty("rect", "x", Svg.num(LEFT), "y", Svg.num(detail.top), "width", Svg.num(PLOT_W), "height", Svg.num(detail.height),
                    "fill", "none", "stroke", "#333333", "stroke-width", "1");
            drawAxes(body, detail);
            body.close("g").newline();
            next = detail.top + detail.height + 28;
        }
        double bottom = drawLegend(body, next);

        Svg doc = new Svg();
        doc.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        doc.open("svg", "xmlns", "http://www.w3.org/2000/svg", "width", Svg.num(WIDTH), "height", Svg.num(bottom),
                "viewBox", "0 0 " + Svg.num(WIDTH) + " " + Svg.num(bottom), "font-family", "DejaVu Sans, Verdana, Arial, sans-serif",
                "font-size", "12").newline();
        doc.element("title", "h5vds mappings: " + subject.file() + " : " + subject.dataset()).newline();
        doc.raw("<defs><pattern id=\"unmapped\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
                + "<rect width=\"8\" height=\"8\" fill=\"#f4f4f4\"/><rect width=\"3\" height=\"8\" fill=\"#c4c4c4\"/></pattern></defs>\n");
        doc.empty("rect", "width", Svg.num(WIDTH), "height", Svg.num(bottom), "fill", "#ffffff").newline();
        doc.raw(body.toString());
        doc.close("svg").newline();
        return doc.toString();
    }

    /** One line saying what was drawn, for the command's output; after {@link #draw}. */
    String describe() {
        String axes = rowAxis < 0 ? "axis " + colAxis : "axes " + rowAxis + " × " + colAxis;
        String how = exact ? model.totalBlocks + " blocks" : "merged on a " + gridRows + " × " + gridCols + " grid";
        return subject.mappings().size() + " mappings from " + sources.size() + " source files, drawn on " + axes + " (" + how + ")";
    }

    private List<String> headerLines(double plotH, double natural) {
        List<String> lines = new ArrayList<>();
        long[] ext = subject.extent();
        String shape = shapeText(ext);
        String max = shapeText(subject.maxShape());
        int n = subject.mappings().size();
        lines.add("shape " + shape + (max.equals(shape) ? "" : ", maxshape " + max) + ", " + subject.dtype() + " · " + n
                + (n == 1 ? " mapping" : " mappings") + " from " + sources.size() + (sources.size() == 1 ? " source file" : " source files")
                + " · fill value " + subject.fillValue());
        List<String> other = new ArrayList<>();
        for (int d = 0; d < rank; d++) if (d != rowAxis && d != colAxis) other.add("axis " + d + " (" + ext[d] + ")");
        if (!other.isEmpty()) {
            lines.add(String.join(", ", other) + ": not drawn; all mappings shown projected onto "
                    + (rowAxis < 0 ? "axis " + colAxis : "axes " + rowAxis + " × " + colAxis)
                    + " (a block shows where a mapping covers any index along " + (other.size() == 1 ? "it" : "them") + ")");
        }
        for (int d = 0; d < rank; d++) if (ext[d] == 0) lines.add("the extent is empty along axis " + d + ": nothing to draw");
        if (rowAxis >= 0 && Math.abs(plotH - natural) > 0.5) {
            double f = plotH / natural;
            lines.add("not to scale: axis " + rowAxis + " drawn " + (f > 1 ? times(f) + " longer" : times(1 / f) + " shorter") + " than axis " + colAxis + " to keep the picture readable");
        }
        if (!exact) {
            lines.add(model.totalBlocks == Long.MAX_VALUE ? "too many blocks to draw one by one" : model.totalBlocks + " blocks, too many to draw one by one: each of "
                    + gridRows + " × " + gridCols + " cells shows the last mapping touching it, merged per source file");
        }
        if (model.approximated > 0) lines.add(model.approximated + " irregular selections too complex to trace: drawn as their bounding boxes");
        if (model.outside > 0) lines.add(model.outside + (model.outside == 1 ? " mapping (or printf block) lies" : " mappings (or printf blocks) lie") + " outside the current extent: not drawn");
        lines.addAll(model.notes);
        return lines;
    }

    private static String shapeText(long[] dims) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) b.append(", ");
            b.append(dims[i] == -1 ? "None" : Long.toString(dims[i]));
        }
        return b.append(dims.length == 1 ? ",)" : ")").toString();
    }

    /** Dataset indices [0, rowEnd) × [0, colEnd) of the drawn plane to pixels: the whole plane, or the window of the detail. */
    private static final class Plot {
        final double top;
        final double height;
        final long rowEnd;
        final long colEnd;
        final double sx;
        final double sy;

        Plot(double top, double height, long rowEnd, long colEnd) {
            this.top = top;
            this.height = height;
            this.rowEnd = rowEnd;
            this.colEnd = colEnd;
            this.sx = PLOT_W / colEnd;
            this.sy = height / rowEnd;
        }

        double x(long col) {
            return LEFT + Math.min(col, colEnd) * sx;
        }

        double y(long row) {
            return top + Math.min(row, rowEnd) * sy;
        }

        boolean shows(long r0, long c0) {
            return r0 < rowEnd && c0 < colEnd;
        }
    }

    /**
     * The window of an enlarged detail when some blocks are thinner than 2 pixels (interleaved
     * frames, narrow strided columns): from index 0, as many indices as let the thinnest block
     * take {@value #DETAIL_PX} pixels. Null when every block is wide enough.
     */
    private Plot detail(Plot plot, double top) {
        long[] min = {Long.MAX_VALUE, Long.MAX_VALUE};
        for (Piece p : pieces) {
            model.forEachBlock(p, (r0, r1, c0, c1) -> {
                min[0] = Math.min(min[0], r1 - r0);
                min[1] = Math.min(min[1], c1 - c0);
            });
        }
        if (pieces.isEmpty()) return null;
        boolean thinRows = rowAxis >= 0 && min[0] * plot.sy < 2;
        boolean thinCols = min[1] * plot.sx < 2;
        long rows = thinRows ? Math.max(1, Math.min(rowsExtent, (long) (DETAIL_H * min[0] / DETAIL_PX))) : rowsExtent;
        long cols = thinCols ? Math.max(1, Math.min(colsExtent, (long) (PLOT_W * min[1] / DETAIL_PX))) : colsExtent;
        if (rows == rowsExtent && cols == colsExtent) return null;
        double height = rowAxis < 0 ? STRIP_H : thinRows ? rows * DETAIL_PX / min[0] : Math.min(plot.height, DETAIL_H);
        Plot detail = new Plot(top, height, rows, cols);
        for (Piece p : pieces) if (showsAny(p, detail)) return detail;
        return null;
    }

    private void drawUnmapped(Svg out, Plot plot, PlaneLayout layer, String cls) {
        PlaneGrid.Rects r = layer.rects();
        PlaneGrid g = layer.grid();
        String label = "fill " + subject.fillValue();
        out.open("g", "class", cls, "fill", "url(#unmapped)");
        out.element("title", "unmapped: no mapping covers this space" + (rank > 2 || (rank == 2 && rowAxis < 0) ? " at any index along the axes not drawn" : "")
                + "; it reads as the fill value " + subject.fillValue());
        List<double[]> labelled = new ArrayList<>();
        for (int k = 0; k < r.count(); k++) {
            if (r.key()[k] != -1 || !plot.shows(g.rows.edge(r.r0()[k]), g.cols.edge(r.c0()[k]))) continue;
            double x0 = plot.x(g.cols.edge(r.c0()[k]));
            double x1 = plot.x(g.cols.edge(r.c1()[k]));
            double y0 = plot.y(g.rows.edge(r.r0()[k]));
            double y1 = plot.y(g.rows.edge(r.r1()[k]));
            out.empty("rect", "x", Svg.num(x0), "y", Svg.num(y0), "width", Svg.num(x1 - x0), "height", Svg.num(y1 - y0));
            if (fits(label, x1 - x0, y1 - y0)) labelled.add(new double[] {x0, y0, x1, y1, (x1 - x0) * (y1 - y0)});
        }
        out.close("g").newline();
        // the largest gaps say what they read as; more labels would only repeat it
        labelled.sort((a, b) -> Double.compare(b[4], a[4]));
        if (labelled.size() > MAX_FILL_LABELS) labelled.subList(MAX_FILL_LABELS, labelled.size()).clear();
        if (!labelled.isEmpty()) {
            out.open("g", "class", "fill-label", "fill", "#555555", "font-size", Svg.num(LABEL_FONT), "font-style", "italic", "text-anchor", "middle");
            for (double[] b : labelled) {
                out.element("text", label, "x", Svg.num((b[0] + b[2]) / 2), "y", Svg.num((b[1] + b[3]) / 2 + LABEL_FONT * 0.35));
            }
            out.close("g").newline();
        }
    }

    /** A scale factor as people write it: 3.41×, 17.6×, 1380× (never 1.38e+03×). */
    static String times(double f) {
        return (f >= 100 ? String.format(java.util.Locale.ROOT, "%.0f", f) : String.format(java.util.Locale.ROOT, "%.3g", f)) + "×";
    }

    private static boolean fits(String text, double w, double h) {
        return text.length() * LABEL_FONT * CHAR_W + 16 <= w && 2 * LINE_H <= h;
    }

    private void drawPieces(Svg out, Plot plot, String cls) {
        List<VirtualSourceInfo> mappings = subject.mappings();
        List<String[]> labels = new ArrayList<>();
        // where each label sits: a later block drawn over that point hides the block the label names,
        // so the label goes too (else labels of projected, stacked mappings print over each other)
        List<double[]> centres = new ArrayList<>();
        for (Piece p : pieces) {
            if (!showsAny(p, plot)) continue;
            VirtualSourceInfo m = mappings.get(p.mapping);
            boolean missing = p.problem != null;
            String tip = "mapping " + p.mapping + ": " + m + (p.block >= 0 ? "; block " + p.block + " from " + p.file + ":" + p.dataset : "")
                    + (missing ? "; missing: " + p.problem : "");
            out.open("g", "class", missing ? cls + " missing" : cls, "data-mapping", Integer.toString(p.mapping),
                    "data-block", p.block >= 0 ? Long.toString(p.block) : null, "fill", p.source.colour,
                    "fill-opacity", missing ? "0.3" : null, "stroke", missing ? p.source.colour : null,
                    "stroke-width", missing ? "1.5" : null, "stroke-dasharray", missing ? "5 3" : null);
            out.element("title", tip);
            double[] best = new double[5];
            model.forEachBlock(p, (r0, r1, c0, c1) -> {
                if (!plot.shows(r0, c0)) return;
                double x0 = plot.x(c0), x1 = plot.x(c1), y0 = plot.y(r0), y1 = plot.y(r1);
                double w = x1 - x0, h = y1 - y0;
                boolean outline = !missing && w >= 6 && h >= 6;
                out.empty("rect", "x", Svg.num(x0), "y", Svg.num(y0), "width", Svg.num(w), "height", Svg.num(h),
                        "stroke", outline ? "#ffffff" : null, "stroke-width", outline ? "0.75" : null);
                for (int i = 0; i < centres.size(); i++) {
                    double[] c = centres.get(i);
                    if (c != null && c[0] > x0 && c[0] < x1 && c[1] > y0 && c[1] < y1) {
                        labels.set(i, null);
                        centres.set(i, null);
                    }
                }
                if (w * h > best[4]) {
                    best[0] = x0;
                    best[1] = y0;
                    best[2] = x1;
                    best[3] = y1;
                    best[4] = w * h;
                }
            });
            out.close("g").newline();
            String source = m.sourceText();
            String[] text = {display(p.file) + (missing ? " (missing)" : ""), p.dataset + (source.startsWith("[") ? source : "[" + source + "]")};
            String[] label = placeLabel(text, best, missing ? "#000000" : Palette.textOn(p.source.colour));
            labels.add(label);
            centres.add(label == null ? null : new double[] {(best[0] + best[2]) / 2, (best[1] + best[3]) / 2});
        }
        drawLabels(out, labels);
    }

    private boolean showsAny(Piece p, Plot plot) {
        if (plot.rowEnd == rowsExtent && plot.colEnd == colsExtent) return true;
        boolean[] any = {false};
        model.forEachBlock(p, (r0, r1, c0, c1) -> any[0] |= plot.shows(r0, c0));
        return any[0];
    }

    private void drawSources(Svg out, Plot plot, PlaneLayout layer) {
        PlaneGrid.Rects r = layer.rects();
        PlaneGrid g = layer.grid();
        Map<Integer, List<Integer>> byKey = new LinkedHashMap<>();
        for (int k = 0; k < r.count(); k++) if (r.key()[k] >= 0) byKey.computeIfAbsent(r.key()[k], x -> new ArrayList<>()).add(k);
        List<Source> list = new ArrayList<>(sources.values());
        List<String[]> labels = new ArrayList<>();
        for (Map.Entry<Integer, List<Integer>> e : byKey.entrySet()) {
            Source s = list.get(e.getKey() / 2);
            boolean missing = (e.getKey() & 1) == 1;
            VirtualSourceInfo first = subject.mappings().get(s.firstMapping);
            out.open("g", "class", missing ? "source missing" : "source", "data-source", Integer.toString(s.index), "fill", s.colour,
                    "fill-opacity", missing ? "0.3" : null, "stroke", missing ? s.colour : null,
                    "stroke-width", missing ? "1" : null, "stroke-dasharray", missing ? "4 2" : null);
            out.element("title", display(s.stored) + ": " + s.mappings + (s.mappings == 1 ? " mapping" : " mappings")
                    + (missing ? " (missing: " + s.problem + ")" : "") + ", e.g. " + first);
            double[] best = new double[5];
            for (int k : e.getValue()) {
                double x0 = plot.x(g.cols.edge(r.c0()[k])), x1 = plot.x(g.cols.edge(r.c1()[k]));
                double y0 = plot.y(g.rows.edge(r.r0()[k])), y1 = plot.y(g.rows.edge(r.r1()[k]));
                out.empty("rect", "x", Svg.num(x0), "y", Svg.num(y0), "width", Svg.num(x1 - x0), "height", Svg.num(y1 - y0));
                double area = (x1 - x0) * (y1 - y0);
                if (area > best[4]) best = new double[] {x0, y0, x1, y1, area};
            }
            out.close("g").newline();
            labels.add(placeLabel(new String[] {display(s.stored) + (missing ? " (missing)" : "")}, best,
                    missing ? "#000000" : Palette.textOn(s.colour)));
        }
        drawLabels(out, labels);
    }

    /**
     * A label for the box {x0, y0, x1, y1}: every line if they fit across or (turned) along it,
     * else all on one line, else the first line alone, else nothing. Returns {x, y, rotation, colour, line...} or null.
     */
    private static String[] placeLabel(String[] text, double[] box, String colour) {
        List<String> all = new ArrayList<>();
        all.addAll(Arrays.asList(text));
        double w = box[2] - box[0], h = box[3] - box[1];
        for (List<String> lines : List.of(all, List.of(String.join("  ", all)), all.subList(0, 1))) {
            int longest = 0;
            for (String l : lines) longest = Math.max(longest, l.length());
            double tw = longest * LABEL_FONT * CHAR_W + 8;
            double th = lines.size() * LINE_H + 2;
            for (boolean turned : new boolean[] {false, true}) {
                if ((turned ? h : w) >= tw && (turned ? w : h) >= th) {
                    String[] out = new String[4 + lines.size()];
                    out[0] = Svg.num((box[0] + box[2]) / 2);
                    out[1] = Svg.num((box[1] + box[3]) / 2);
                    out[2] = turned ? "-90" : null;
                    out[3] = colour;
                    for (int i = 0; i < lines.size(); i++) out[4 + i] = lines.get(i);
                    return out;
                }
            }
        }
        return null;
    }

    private static void drawLabels(Svg out, List<String[]> labels) {
        out.open("g", "class", "labels", "font-size", Svg.num(LABEL_FONT), "text-anchor", "middle");
        for (String[] l : labels) {
            if (l == null) continue;
            int n = l.length - 4;
            out.open("text", "class", "label", "fill", l[3], "transform", l[2] == null ? null : "rotate(" + l[2] + " " + l[0] + " " + l[1] + ")");
            for (int i = 0; i < n; i++) {
                // centre the block of lines on the box; 0.35 em moves a baseline to the middle of its line
                double dy = (i - (n - 1) / 2.0) * LINE_H + LABEL_FONT * 0.35;
                out.element("tspan", l[4 + i], "x", l[0], "y", Svg.num(Double.parseDouble(l[1]) + dy));
            }
            out.close("text");
        }
        out.close("g").newline();
    }

    private static String display(String file) {
        return file.equals(".") ? ". (this file)" : file;
    }

    private void drawAxes(Svg out, Plot plot) {
        out.open("g", "class", "axes", "font-size", "11", "fill", "#333333");
        double top = plot.top;
        out.element("text", "axis " + colAxis + " (" + (plot.colEnd < colsExtent ? "0 to " + plot.colEnd + " of " : "") + subject.extent()[colAxis] + ")", "x", Svg.num(LEFT + PLOT_W / 2), "y", Svg.num(top - 22),
                "text-anchor", "middle", "font-size", "12", "class", "axis-label");
        for (long v : ticks(plot.colEnd, PLOT_W, 70)) {
            double x = plot.x(v);
            out.empty("line", "x1", Svg.num(x), "y1", Svg.num(top - 5), "x2", Svg.num(x), "y2", Svg.num(top), "stroke", "#333333");
            out.element("text", Long.toString(v), "x", Svg.num(x), "y", Svg.num(top - 8), "text-anchor", "middle");
        }
        if (rowAxis >= 0) {
            double mid = top + plot.height / 2;
            out.element("text", "axis " + rowAxis + " (" + (plot.rowEnd < rowsExtent ? "0 to " + plot.rowEnd + " of " : "") + subject.extent()[rowAxis] + ")", "x", "20", "y", Svg.num(mid), "text-anchor", "middle",
                    "font-size", "12", "transform", "rotate(-90 20 " + Svg.num(mid) + ")", "class", "axis-label");
            for (long v : ticks(plot.rowEnd, plot.height, 24)) {
                double y = plot.y(v);
                out.empty("line", "x1", Svg.num(LEFT - 5), "y1", Svg.num(y), "x2", Svg.num(LEFT), "y2", Svg.num(y), "stroke", "#333333");
                out.element("text", Long.toString(v), "x", Svg.num(LEFT - 8), "y", Svg.num(y + 4), "text-anchor", "end");
            }
        }
        out.close("g").newline();
    }

    /** Round tick values over [0, extent] at least {@code minGap} pixels apart, always with 0 and the extent. */
    static List<Long> ticks(long extent, double pixels, double minGap) {
        List<Long> out = new ArrayList<>();
        out.add(0L);
        long maxTicks = Math.max(1, (long) (pixels / minGap));
        double raw = (double) extent / maxTicks;
        long step = 1;
        while (step < raw) {
            if (step * 2 >= raw) {
                step *= 2;
                break;
            }
            if (step * 5 >= raw) {
                step *= 5;
                break;
            }
            step *= 10;
        }
        double perIndex = pixels / extent;
        for (long v = step; v < extent; v += step) {
            if ((extent - v) * perIndex >= minGap) out.add(v);
        }
        if (extent > 0) out.add(extent);
        return out;
    }

    private double drawLegend(Svg out, double top) {
        List<String[]> entries = new ArrayList<>();
        for (Source s : sources.values()) {
            if (entries.size() == MAX_LEGEND) break;
            StringBuilder t = new StringBuilder(" — ").append(s.mappings).append(s.mappings == 1 ? " mapping" : " mappings");
            if (s.printf) t.append(", ").append(s.pieces).append(s.pieces == 1 ? " printf block" : " printf blocks");
            if (s.missingPieces > 0) {
                if (s.missingPieces == s.pieces) t.append(", missing (").append(s.problem).append(')');
                else t.append(", ").append(s.missingPieces).append(" missing (").append(s.problem).append(')');
            }
            entries.add(new String[] {display(s.stored) + t, Integer.toString(s.index), s.colour,
                    s.missingPieces > 0 && s.missingPieces == s.pieces ? "missing" : s.missingPieces > 0 ? "partly" : "",
                    display(s.stored), t.toString()});
        }
        int longest = 0;
        for (String[] e : entries) longest = Math.max(longest, e[0].length());
        double charW = LEGEND_FONT * CHAR_W;
        double usable = WIDTH - 40;
        double colW = Math.min(usable, 30 + longest * charW + 16);
        int columns = (int) Math.max(1, Math.min(LEGEND_COLUMNS, Math.floor(usable / colW)));
        // long names give way to more columns (shortened in the middle) before the legend grows too tall
        columns = Math.max(columns, (entries.size() + LEGEND_ROWS - 1) / LEGEND_ROWS);
        colW = usable / columns;
        int maxChars = (int) ((colW - 30) / charW);
        out.element("text", "Legend", "x", "20", "y", Svg.num(top), "font-weight", "bold", "font-size", "13");
        double y0 = top + 12;
        out.open("g", "class", "legend", "font-size", Svg.num(LEGEND_FONT));
        int rows = (entries.size() + columns - 1) / columns;
        for (int i = 0; i < entries.size(); i++) {
            String[] e = entries.get(i);
            int col = i / Math.max(1, rows);
            int row = i % Math.max(1, rows);
            double x = 20 + col * colW;
            double y = y0 + row * LEGEND_LINE;
            out.open("g", "class", e[3].isEmpty() ? "legend-entry" : "legend-entry " + e[3], "data-source", e[1]);
            out.element("title", e[0]);
            boolean missing = e[3].equals("missing");
            out.empty("rect", "x", Svg.num(x), "y", Svg.num(y), "width", "22", "height", "14", "fill", e[2],
                    "fill-opacity", missing ? "0.3" : null, "stroke", missing || e[3].equals("partly") ? e[2] : null,
                    "stroke-width", missing || e[3].equals("partly") ? "1.5" : null, "stroke-dasharray", missing || e[3].equals("partly") ? "4 2" : null);
            out.element("text", legendText(e[4], e[5], maxChars), "x", Svg.num(x + 30), "y", Svg.num(y + 11.5));
            out.close("g");
        }
        double y = y0 + rows * LEGEND_LINE;
        if (sources.size() > entries.size()) {
            out.element("text", "… and " + (sources.size() - entries.size()) + " more source files", "x", "20", "y", Svg.num(y + 11.5),
                    "class", "legend-more");
            y += LEGEND_LINE;
        }
        out.open("g", "class", "legend-fill");
        String fillText = "unmapped (no mapping): reads as the fill value " + subject.fillValue();
        out.element("title", fillText);
        out.empty("rect", "x", "20", "y", Svg.num(y), "width", "22", "height", "14", "fill", "url(#unmapped)", "stroke", "#999999", "stroke-width", "0.5");
        out.element("text", ellipsis(fillText, (int) ((usable - 30) / charW)), "x", "50", "y", Svg.num(y + 11.5));
        out.close("g");
        y += LEGEND_LINE;
        out.close("g").newline();
        return y + 10;
    }

    /**
     * A legend entry in {@code maxChars}: the file name whole if it fits, its details cut at the end
     * (the tooltip has them all); a name too long alone is cut in its middle. Cutting the whole
     * entry in the middle would drop the part of the name that tells files apart (frames_12.h5 and
     * frames_13.h5 both became "frames_1…ng").
     */
    private static String legendText(String name, String details, int maxChars) {
        if (name.length() + details.length() <= maxChars) return name + details;
        if (name.length() + 4 <= maxChars) return name + details.substring(0, maxChars - name.length() - 1) + "…";
        return ellipsis(name, maxChars);
    }

    /** {@code s} shortened to {@code maxChars} by cutting its middle, which keeps a path's start and its file name. */
    private static String ellipsis(String s, int maxChars) {
        if (s.length() <= maxChars) return s;
        int keep = Math.max(2, maxChars - 1);
        int head = keep / 3;
        return s.substring(0, head) + "…" + s.substring(s.length() - (keep - head));
    }
}
