package org.h5vds.spark;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.collection.Map;
import scala.collection.Seq;

/**
 * {@code ./h5vds-sql [--master local[N]] "SQL"...}: runs Spark SQL statements in one local Spark
 * session where {@code format("hdf5")} is registered (so {@code CREATE TEMPORARY VIEW v USING hdf5
 * OPTIONS (path '...', dataset '...')} works), and prints the last statement's result as CSV with
 * a header line. Arrays print as {@code [a, b]}, structs as {@code {a, b}}; a field holding a
 * comma, quote or line break is quoted as RFC 4180 says. A failing statement prints one line
 * naming what failed and exits 1; a bad command line exits 2.
 */
public final class SqlMain {
    private SqlMain() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        int status = run(args, out, System.err, null);
        out.flush();
        System.exit(status);
    }

    /**
     * Runs the command line; returns the exit status. Uses {@code session} when given (and leaves
     * it running), else starts a local one for the run.
     */
    static int run(String[] args, PrintStream out, PrintStream err, SparkSession session) {
        String master = "local[*]";
        List<String> statements = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                usage(out);
                return 0;
            } else if (a.equals("--master") && i + 1 < args.length) {
                master = args[++i];
            } else if (a.startsWith("--master=")) {
                master = a.substring("--master=".length());
            } else if (a.startsWith("--")) {
                err.println("h5vds-sql: unknown option " + a);
                usage(err);
                return 2;
            } else {
                statements.add(a);
            }
        }
        if (statements.isEmpty()) {
            err.println("h5vds-sql: no SQL statement given");
            usage(err);
            return 2;
        }
        if (!master.matches("local(\\[([1-9][0-9]*|\\*)])?")) {
            err.println("h5vds-sql: --master takes local, local[N] or local[*] (this launcher runs Spark in local mode), not " + master);
            return 2;
        }
        SparkSession spark = session != null ? session : SparkSession.builder().master(master).appName("h5vds-sql")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        try {
            Dataset<Row> result = null;
            for (String s : statements) result = spark.sql(s);
            print(result, out);
            return 0;
        } catch (Exception e) {
            err.println("h5vds-sql: " + reason(e));
            return 1;
        } finally {
            if (session == null) spark.stop();
        }
    }

    private static void usage(PrintStream out) {
        out.println("usage: h5vds-sql [--master local[N]] \"SQL\" [\"SQL\"...]");
        out.println("Runs the statements in a local Spark session with the hdf5 data source; prints the last result as CSV.");
        out.println("  e.g. h5vds-sql \"CREATE TEMPORARY VIEW f USING hdf5 OPTIONS (path 'VDS.h5', dataset '/data')\" \"SELECT count(*), sum(value[0]) FROM f\"");
    }

    /** The innermost cause's message: a failed task's exception is wrapped by Spark several times. */
    private static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    static void print(Dataset<Row> result, PrintStream out) {
        String[] names = result.columns();
        List<String> header = new ArrayList<>();
        for (String n : names) header.add(field(n));
        out.println(String.join(",", header));
        Iterator<Row> rows = result.toLocalIterator();
        while (rows.hasNext()) {
            Row r = rows.next();
            List<String> fields = new ArrayList<>(names.length);
            for (int i = 0; i < names.length; i++) fields.add(r.isNullAt(i) ? "" : field(text(r.get(i))));
            out.println(String.join(",", fields));
        }
    }

    static String text(Object v) {
        if (v == null) return "null";
        if (v instanceof Seq<?> s) {
            List<String> items = new ArrayList<>();
            scala.collection.Iterator<?> it = s.iterator();
            while (it.hasNext()) items.add(text(it.next()));
            return "[" + String.join(", ", items) + "]";
        }
        if (v instanceof Row r) {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < r.length(); i++) items.add(text(r.get(i)));
            return "{" + String.join(", ", items) + "}";
        }
        if (v instanceof Map<?, ?> m) {
            List<String> items = new ArrayList<>();
            scala.collection.Iterator<? extends scala.Tuple2<?, ?>> it = m.iterator();
            while (it.hasNext()) {
                scala.Tuple2<?, ?> e = it.next();
                items.add(text(e._1()) + ": " + text(e._2()));
            }
            return "{" + String.join(", ", items) + "}";
        }
        if (v instanceof BigDecimal d) return d.toPlainString();
        if (v instanceof byte[] b) {
            StringBuilder sb = new StringBuilder();
            for (byte x : b) sb.append(String.format("%02x", x));
            return sb.toString();
        }
        return v.toString();
    }

    /** One CSV field, quoted when it holds a comma, quote or line break. */
    static String field(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
