package org.h5vds.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.catalyst.InternalRow;
import org.h5vds.api.DType;
import org.h5vds.api.Dataset;
import org.h5vds.api.H5File;
import org.h5vds.api.Index;
import org.h5vds.api.Shape;
import org.h5vds.api.VirtualLayout;
import org.h5vds.api.VirtualSource;
import org.h5vds.api.VirtualSourceInfo;

/**
 * Writes a DataFrame as HDF5: each task writes its rows as one part file next to the output
 * ({@link PartWriter}); when every task has succeeded, the job's commit writes the output file as
 * a virtual dataset over the parts in partition order (their names relative, so the folder can
 * move) — the virtual dataset is the commit record: it appears, complete, only then. When the job
 * or its commit fails, every part file of the job is deleted and no output appears.
 *
 * <p>Save modes: {@code errorifexists} (the default) refuses an existing output; {@code ignore}
 * leaves it alone; {@code overwrite} replaces it and then deletes the part files the old virtual
 * dataset mapped; {@code append} keeps its mappings and adds the new parts after them along axis
 * 0 (it must be a virtual dataset of the same dtype and trailing shape, alone in its file, as a
 * write made it).
 */
final class WriteJob {
    /** Part files of a job: {@code <stem>-<8 hex digits>-<5 digits>.h5}. */
    private static final Pattern PART = Pattern.compile(".*-[0-9a-f]{8}-[0-9]{5}\\.h5");

    private final Hdf5Options options;
    private final SaveMode mode;
    private final Configuration conf;
    private final Path output;
    private final FileSystem fs;
    private final String prefix;

    WriteJob(Hdf5Options options, SaveMode mode, Configuration conf) {
        this.options = options;
        this.mode = mode;
        this.conf = conf;
        try {
            Path p = new Path(options.paths.get(0));
            this.fs = p.getFileSystem(conf);
            this.output = fs.makeQualified(p);
        } catch (IOException e) {
            throw new UncheckedIOException("hdf5: cannot reach " + options.paths.get(0) + ": " + e.getMessage(), e);
        }
        String stem = output.getName().replaceFirst("\\.[^.]*$", "");
        this.prefix = stem + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Runs the job; returns false when the output exists and the mode is {@code ignore}. */
    boolean run(org.apache.spark.sql.Dataset<Row> data) {
        if (options.all.containsKey("__partition_columns")) {
            throw new IllegalArgumentException("hdf5: partitionBy is not supported: a write makes one virtual dataset");
        }
        boolean exists = exists(output);
        if (exists && mode == SaveMode.ErrorIfExists) {
            throw new IllegalStateException("hdf5: " + output + " already exists; use mode(\"overwrite\") to replace it or mode(\"append\") to add rows to it");
        }
        if (exists && mode == SaveMode.Ignore) return false;
        List<VirtualSourceInfo> kept = exists && mode == SaveMode.Append ? appendable(data) : List.of();
        List<String> replaced = exists && mode == SaveMode.Overwrite ? partsOf(output) : List.of();

        ValueColumn column = ValueColumn.choose(data.schema(), options.all.get("column"));
        StorageOptions.of(options.all, StorageOptions.chunkRows(options.all, 1), new long[0]); // bad storage options fail here, not in the tasks
        DType stored = options.all.containsKey("dtype") ? DType.parse(options.all.get("dtype")) : column.dtypeValue();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext());
        Broadcast<HadoopConf> shared = sc.broadcast(new HadoopConf(conf));
        JavaRDD<InternalRow> rows = ((org.apache.spark.sql.classic.Dataset<Row>) data).queryExecution().toRdd().toJavaRDD();
        PartWriter task = new PartWriter(options.all, output.getParent().toString(), prefix, options.dataset, stored, column, shared);
        String group = "h5vds-write-" + prefix;
        sc.setJobGroup(group, "hdf5 write of " + output, true);
        try {
            List<PartFile> parts = new ArrayList<>(rows.mapPartitionsWithIndex(task, false).collect());
            parts.sort(Comparator.comparingInt(PartFile::partition));
            commit(parts, kept, stored, column);
        } catch (Throwable e) {
            // SparkException is checked in Java's eyes but Scala throws it undeclared
            abort(sc, group);
            throw WriteJob.<RuntimeException>rethrow(e);
        } finally {
            sc.clearJobGroup();
        }
        for (String old : replaced) PartWriter.delete(fs, new Path(output.getParent(), old));
        return true;
    }

    /** Writes the virtual dataset over the parts (after the mappings an append keeps). */
    private void commit(List<PartFile> parts, List<VirtualSourceInfo> kept, DType stored, ValueColumn column) {
        long[] trailing = null;
        long rows = 0;
        for (PartFile p : parts) {
            if (p.rows() == 0) continue;
            if (trailing == null) trailing = p.trailing();
            else if (!Arrays.equals(trailing, p.trailing())) {
                throw new IllegalArgumentException("hdf5: the rows of column " + column.name + " have shape " + Arrays.toString(trailing)
                        + " in one partition and " + Arrays.toString(p.trailing()) + " in partition " + p.partition() + "; a dataset's rows share one shape");
            }
            rows += p.rows();
        }
        long keptRows = 0;
        if (!kept.isEmpty()) {
            try (H5File old = open(output)) {
                Dataset d = old.dataset(options.dataset);
                keptRows = d.shape().get(0);
                long[] oldTrailing = Arrays.copyOfRange(d.shape().toArray(), 1, d.rank());
                if (trailing != null && !Arrays.equals(trailing, oldTrailing)) {
                    throw new IllegalArgumentException("hdf5: cannot append rows of shape " + Arrays.toString(trailing) + " to " + output + ":"
                            + options.dataset + ", whose rows have shape " + Arrays.toString(oldTrailing));
                }
                if (trailing == null) trailing = oldTrailing;
            }
        }
        if (trailing == null) trailing = new long[column.depth];
        VirtualLayout layout = new VirtualLayout(Shape.of(PartWriter.prepend(keptRows + rows, trailing)), stored);
        for (VirtualSourceInfo m : kept) {
            layout.map(m.virtualSelection(), m.fileName(), m.datasetName(), m.sourceSelection(), shapeOfPart(m.fileName(), m.datasetName()));
        }
        long at = keptRows;
        for (PartFile p : parts) {
            if (p.rows() == 0) continue;
            layout.set(Index.of(Index.slice(at, at + p.rows())), new VirtualSource(p.name(), options.dataset, Shape.of(PartWriter.prepend(p.rows(), trailing))));
            at += p.rows();
        }
        writeVirtual(layout);
    }

    private void writeVirtual(VirtualLayout layout) {
        boolean local = fs.getUri().getScheme().equals("file");
        try {
            java.nio.file.Path file = local ? java.nio.file.Path.of(output.toUri().getPath()) : Files.createTempFile("h5vds-vds-", ".h5");
            try {
                try (H5File f = H5File.create(file)) {
                    f.createVirtualDataset(options.dataset, layout);
                }
                if (!local) {
                    Path temporary = new Path(output.getParent(), "." + output.getName() + "." + prefix + ".tmp");
                    fs.copyFromLocalFile(false, true, new Path(file.toUri()), temporary);
                    fs.delete(output, false);
                    if (!fs.rename(temporary, output)) throw new IOException("cannot rename " + temporary + " to " + output);
                }
            } finally {
                if (!local) Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("hdf5: cannot write " + output + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes every part file of this job. Tasks still running when the job failed go on (Spark
     * does not wait for them): the abort marker tells each one that makes its file visible
     * afterwards to delete it ({@link PartWriter}), and the abort waits for them before removing
     * the marker. The marker is written before the listing and a task looks for it only after its
     * file is visible, so every file is deleted by one side or the other.
     */
    private void abort(JavaSparkContext sc, String group) {
        Path marker = abortMarker(output.getParent().toString(), prefix);
        try {
            fs.create(marker, true).close();
            sc.cancelJobGroup(group);
            boolean quiet = awaitTasks(sc, group);
            FileStatus[] here = fs.listStatus(output.getParent(), p -> p.getName().startsWith(prefix + "-") || p.getName().startsWith("." + prefix + "-"));
            for (FileStatus s : here) fs.delete(s.getPath(), false);
            if (quiet) fs.delete(marker, false);
        } catch (IOException e) {
            throw new UncheckedIOException("hdf5: cannot clean up the part files of " + output + ": " + e.getMessage(), e);
        }
    }

    /** The file whose presence tells a job's late tasks that it was aborted. */
    static Path abortMarker(String folder, String prefix) {
        return new Path(folder, "." + prefix + ".aborted");
    }

    /** Waits (at most ten minutes) until no task of the job group runs; false when some still do. */
    private static boolean awaitTasks(JavaSparkContext sc, String group) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(10);
        while (System.nanoTime() < deadline) {
            int active = 0;
            for (int job : sc.statusTracker().getJobIdsForGroup(group)) {
                org.apache.spark.SparkJobInfo info = sc.statusTracker().getJobInfo(job);
                if (info == null) continue;
                for (int stage : info.stageIds()) {
                    org.apache.spark.SparkStageInfo s = sc.statusTracker().getStageInfo(stage);
                    if (s != null) active += s.numActiveTasks();
                }
            }
            if (active == 0) return true;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T rethrow(Throwable t) throws T {
        throw (T) t;
    }

    /** The mappings of the output's virtual dataset, checked to be one a write made that rows can be appended to. */
    private List<VirtualSourceInfo> appendable(org.apache.spark.sql.Dataset<Row> data) {
        try (H5File f = open(output)) {
            String target = options.dataset.startsWith("/") ? options.dataset : "/" + options.dataset;
            List<String> objects = new ArrayList<>();
            f.visit((path, o) -> {
                if (!o.path().equals(target) && !target.startsWith(o.path() + "/")) objects.add(o.path());
            });
            Dataset d = f.dataset(options.dataset);
            if (!d.isVirtual() || !objects.isEmpty()) {
                throw new IllegalArgumentException("hdf5: cannot append to " + output + ": mode(\"append\") adds to a virtual dataset that a write made, alone in its file"
                        + (objects.isEmpty() ? "; " + options.dataset + " is not virtual" : "; the file also holds " + objects));
            }
            return d.virtualSources();
        }
    }

    /** The part files the output's virtual dataset maps (for overwrite), by name in the output's folder. */
    private List<String> partsOf(Path file) {
        List<String> out = new ArrayList<>();
        try (H5File f = open(file)) {
            if (!f.contains(options.dataset) || !f.dataset(options.dataset).isVirtual()) return out;
            for (VirtualSourceInfo m : f.dataset(options.dataset).virtualSources()) {
                if (!m.fileName().contains("/") && PART.matcher(m.fileName()).matches() && !out.contains(m.fileName())) out.add(m.fileName());
            }
        } catch (RuntimeException e) {
            return out; // not an HDF5 file we can read: it is replaced, and nothing else is deleted
        }
        return out;
    }

    /** The shape of a part an appended-to virtual dataset maps (its file is named relative to the output). */
    private Shape shapeOfPart(String name, String dataset) {
        try (H5File f = open(new Path(output.getParent(), name))) {
            return f.dataset(dataset).shape();
        }
    }

    private H5File open(Path file) {
        return FileAccess.open(file.toString(), options.readOptions(), conf);
    }

    private boolean exists(Path p) {
        try {
            return fs.exists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("hdf5: cannot look at " + p + ": " + e.getMessage(), e);
        }
    }
}
