package org.h5vds.inplace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.h5vds.api.H5File;
import org.h5vds.api.NdArray;
import org.h5vds.format.FileContext;
import org.h5vds.format.FreeSpaceManagerHeader;
import org.h5vds.format.ObjectHeader;
import org.h5vds.format.Superblock;
import org.h5vds.format.message.FileSpaceInfoMessage;
import org.h5vds.io.ChannelStore;
import org.h5vds.io.Cursor;
import org.h5vds.testing.H5Dump;
import org.h5vds.testing.H5Wasm;
import org.h5vds.testing.Libhdf5AppendWriter;
import org.h5vds.testing.Mirror;
import org.h5vds.testing.Project;
import org.h5vds.testing.Python;
import org.h5vds.testing.TreeDump;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * h5vds closing a file that keeps its free space (File Space Info message with persist) records
 * the space still free in free-space managers, as libhdf5 1.10 lays them out at close, and
 * libhdf5 — 1.10.8 (h5py), 1.14 (JNI) and 2.0 (h5wasm) — reads them and writes new data into
 * that space instead of growing the file; h5vds then takes those managers over again.
 */
class RecordedFreeSpaceTest {
    @TempDir
    Path dir;

    /** libhdf5 writes gzip-chunked datasets, groups and contiguous data, then deletes some: its managers hold metadata and raw data. */
    private Path libhdf5File(String strategy) {
        Path p = dir.resolve(strategy + ".h5");
        Python.run("""
                import h5py, numpy as np, sys
                with h5py.File(sys.argv[1], 'w', libver='latest', %s) as f:
                    for i in range(6):
                        f.create_dataset('d%%d' %% i, data=np.arange(4000, dtype='i4') * (i + 1), chunks=(500,), maxshape=(None,),
                                         compression='gzip', shuffle=True)
                        g = f.create_group('g%%d' %% i)
                        g.attrs['x'] = i
                        g['v'] = np.arange(300, dtype='f8') + i
                    f.create_dataset('contiguous', data=np.arange(3000, dtype='i2'))
                    f.create_dataset('last', data=np.arange(10, dtype='i2'))
                with h5py.File(sys.argv[1], 'a') as f:
                    del f['d1'], f['g2'], f['contiguous']
                """.formatted(PersistentFreeSpaceTest.options(strategy)), p);
        return p;
    }

    /** Incompressible values: every gzip chunk they are written to grows and moves, freeing its old copy (raw data). */
    private static NdArray noise(int seed, int n) {
        int[] v = new int[n];
        long x = seed * 2654435761L + 1;
        for (int i = 0; i < n; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            v[i] = (int) (x >>> 33);
        }
        return NdArray.of(v, n);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"fsm-persist", "page-persist", "page-persist-512"})
    void freeSpaceRecordedAtCloseIsReusedByLibhdf5(String strategy) throws IOException {
        Path file = libhdf5File(strategy);
        for (int round = 0; round < 3; round++) {
            changeWithH5vds(file, round);
            Managers m = Managers.of(file);
            System.out.println(strategy + " round " + round + ": " + m + " size " + Files.size(file));
            assertThat(m.total()).as("h5vds recorded free space in " + file).isPositive();
            assertThat(PersistentFreeSpaceTest.trackedFreeSpace(file)).as("h5stat -S (libhdf5 1.10.8 loading the managers h5vds wrote)").isEqualTo(m.total());
            readersAgree(file);

            ObjectNode before = TreeDump.of(file);
            long size = Files.size(file);
            int n = (int) Math.min(m.largestRawSection() / 4, 600);
            assertThat(n).as("a raw-data section to reuse").isGreaterThanOrEqualTo(100);
            String name = "by_" + List.of("h5py", "libhdf5_114", "h5wasm").get(round);
            // h5py writes through libhdf5's page buffer where the file is paged: the buffer caches
            // and writes whole pages, so it would show a page h5vds filled with both metadata and
            // raw data being written back over one of the two
            String pageBuffer = strategy.startsWith("page") ? ", page_buf_size=" + 16 * (strategy.endsWith("512") ? 512 : 4096) : "";
            long offset = switch (round) {
                case 0 -> Long.parseLong(Python.run("""
                        import h5py, numpy as np, sys
                        with h5py.File(sys.argv[1], 'a'%s) as f:
                            assert f.id.get_freespace() >= %d, f.id.get_freespace()
                            d = f.create_dataset('%s', data=np.arange(%d, dtype='<i4') * 3)
                            f.create_group('%s_group').attrs.create('n', %d, dtype='<i4')
                            print(d.id.get_offset())
                        """.formatted(pageBuffer, m.total(), name, n, name, n), file).strip());
                case 1 -> offsetIn(Libhdf5AppendWriter.write(file, name, n));
                default -> {
                    h5wasm(file, name, n);
                    yield Long.parseLong(Python.run("""
                            import h5py, sys
                            with h5py.File(sys.argv[1], 'r') as f:
                                print(f[sys.argv[2]].id.get_offset())
                            """, file, name).strip());
                }
            };
            System.out.println("  " + name + " at " + offset + ", size now " + Files.size(file) + ", tracked free space now "
                    + PersistentFreeSpaceTest.trackedFreeSpace(file) + " " + Managers.of(file));
            assertThat(offset + 4L * n).as(name + "'s data goes into space h5vds recorded as free, inside the file as it was").isLessThanOrEqualTo(m.eoaBefore());
            // (libhdf5 rewrites the managers at its close: their section lists may gain a record or two)
            assertThat(Files.size(file)).as("the file does not grow by the data: libhdf5 reused what h5vds recorded").isLessThanOrEqualTo(size + 32);
            String check = Python.run("""
                    import h5py, numpy as np, sys
                    with h5py.File(sys.argv[1], 'r'%s) as f:
                        d = f[sys.argv[2]][()]
                        assert (d == np.arange(len(d)) * 3).all() and len(d) == int(sys.argv[3]), d
                        assert f[sys.argv[2] + '_group'].attrs['n'] == int(sys.argv[3])
                        f.visititems(lambda n, o: o[()] if isinstance(o, h5py.Dataset) else None)
                    print('ok')
                    """.formatted(pageBuffer), file, name, Integer.toString(n));
            assertThat(check).contains("ok");
            ObjectNode after = TreeDump.of(file);
            List<String> changed = new ArrayList<>();
            before.fields().forEachRemaining(e -> {
                JsonNode now = e.getKey().equals("/") ? after.get("/").get("attrs") : after.get(e.getKey());
                JsonNode was = e.getKey().equals("/") ? e.getValue().get("attrs") : e.getValue();
                changed.addAll(TreeDump.differences(was, now).stream().map(d -> e.getKey() + ": " + d).toList());
            });
            assertThat(changed).as("what was in the file reads the same after " + name + " wrote into the space h5vds recorded as free").isEmpty();
            readersAgree(file);
        }
    }

    /**
     * The encoder against libhdf5's own bytes: every manager h5py (libhdf5 1.10.8) wrote, read by
     * h5vds and encoded again at the same addresses, is byte for byte what libhdf5 wrote (header
     * and section list, checksums included).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"fsm-persist", "page-persist", "page-persist-512"})
    void managersAreEncodedAsLibhdf5EncodesThem(String strategy) throws IOException {
        Path file = libhdf5File(strategy);
        byte[] bytes = Files.readAllBytes(file);
        int checked = 0;
        try (ChannelStore store = ChannelStore.open(file)) {
            Superblock sb = Superblock.read(store);
            FileContext ctx = sb.context();
            FileSpaceInfoMessage info = ObjectHeader.read(ctx, sb.superblockExtensionAddress()).find(FileSpaceInfoMessage.class);
            for (long at : info.managerAddresses()) {
                if (at == Cursor.UNDEFINED) continue;
                FreeSpaceManagerHeader h = FreeSpaceManagerHeader.read(ctx, at);
                List<FreeSpaceManagerHeader.Section> sections = h.sections(ctx, at);
                FreeSpaceManagerHeader mine = FreeSpaceManagerHeader.forFile(sections, h.sectionListAddress(), 8);
                byte[] header = mine.encode(8, 8);
                byte[] list = mine.encodeSections(sections, at, 8, 8);
                assertThat(header).as("header at " + at).isEqualTo(Arrays.copyOfRange(bytes, (int) at, (int) at + header.length));
                int listAt = (int) h.sectionListAddress();
                assertThat(list).as("section list at " + listAt).isEqualTo(Arrays.copyOfRange(bytes, listAt, listAt + list.length));
                checked++;
            }
        }
        assertThat(checked).as("managers in " + file).isGreaterThanOrEqualTo(2);
    }

    /** One h5vds session of three commits: gzip chunks of the datasets there rewritten with noise (they move), a group and attribute added. */
    private static void changeWithH5vds(Path file, int round) {
        try (H5File f = H5File.open(file, H5File.Mode.READ_WRITE)) {
            f.dataset("/d0").write(noise(round * 3, 4000));
            f.flush();
            f.dataset("/d2").write(noise(round * 3 + 1, 4000));
            f.flush();
            f.dataset("/d0").write(NdArray.of(new int[4000], 4000));
            f.createGroup("/h5vds_" + round).attrs().put("round", round);
        }
    }

    /** h5dump reads it all; h5vds reads every dataset as h5py does. */
    private static void readersAgree(Path file) {
        H5Dump.Result r = H5Dump.run(file);
        assertThat(r.exit()).as("h5dump of " + file + "\n" + r.err()).isZero();
        ObjectNode dump = TreeDump.of(file);
        List<String> failures = new ArrayList<>();
        try (H5File f = H5File.open(file)) {
            for (Iterator<Map.Entry<String, JsonNode>> it = dump.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!"dataset".equals(e.getValue().path("kind").asText()) || !e.getValue().has("values")) continue;
                List<String> d = TreeDump.differences(e.getValue().get("values"), Mirror.values(f.dataset(e.getKey()).read()));
                if (!d.isEmpty()) failures.add(e.getKey() + ": " + d.subList(0, Math.min(3, d.size())));
            }
        }
        assertThat(failures).as("h5vds reading " + file + " against h5py").isEmpty();
    }

    private static long offsetIn(String out) {
        Matcher m = Pattern.compile("offset (\\d+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static void h5wasm(Path file, String name, int n) {
        ProcessBuilder pb = new ProcessBuilder(H5Wasm.node(), Project.dir().resolve("src/test/js/h5wasm_append.mjs").toString(),
                file.toAbsolutePath().toString(), name, Integer.toString(n));
        pb.environment().put("H5WASM_MODULE", H5Wasm.moduleDir().toString());
        try {
            Process p = pb.redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor()).as("h5wasm writing " + file + "\n" + out).isZero();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The file's managers as h5vds reads them: per slot of the File Space Info message, its sections. */
    record Managers(long eoaBefore, Map<Integer, List<FreeSpaceManagerHeader.Section>> slots) {
        static Managers of(Path file) {
            try (ChannelStore store = ChannelStore.open(file)) {
                Superblock sb = Superblock.read(store);
                FileContext ctx = sb.context();
                FileSpaceInfoMessage info = ObjectHeader.read(ctx, sb.superblockExtensionAddress()).find(FileSpaceInfoMessage.class);
                Map<Integer, List<FreeSpaceManagerHeader.Section>> slots = new java.util.TreeMap<>();
                long[] a = info.managerAddresses();
                for (int i = 0; i < a.length; i++) {
                    if (a[i] != Cursor.UNDEFINED) slots.put(i, FreeSpaceManagerHeader.read(ctx, a[i]).sections(ctx, a[i]));
                }
                return new Managers(info.eoaBeforeFreeSpaceManagers(), slots);
            }
        }

        long total() {
            return slots.values().stream().flatMap(List::stream).mapToLong(FreeSpaceManagerHeader.Section::size).sum();
        }

        /** The largest section libhdf5 would give raw data of under a page: the raw data manager's, or the large one's. */
        long largestRawSection() {
            long max = 0;
            for (int slot : new int[] {2, 6}) for (var s : slots.getOrDefault(slot, List.of())) max = Math.max(max, s.size());
            return max;
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("eoa before managers " + eoaBefore);
            slots.forEach((k, v) -> b.append(", slot ").append(k).append(": ").append(v.size()).append(" sections, ")
                    .append(v.stream().mapToLong(FreeSpaceManagerHeader.Section::size).sum()).append(" B, classes ")
                    .append(v.stream().map(FreeSpaceManagerHeader.Section::type).distinct().toList()));
            return b.toString();
        }
    }
}
