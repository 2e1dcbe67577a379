package org.h5vds.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteOrder;
import java.nio.file.Path;
import org.h5vds.testing.Python;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values of another dtype or byte order are converted to the dataset's as libhdf5 converts memory
 * to file types: h5py writing the same values into the same dtypes gives the same file values.
 */
class ConvertingWritesTest {
    @TempDir
    Path dir;

    @Test
    void conversionsMatchWhatH5pyStores() {
        Path ours = dir.resolve("ours.h5");
        NdArray ints = NdArray.of(new short[] {-3, 0, 7, 32767, -32768, 100});
        NdArray doubles = NdArray.of(new double[] {-1.5, 0.4, 2.6, 1e6, -1e6, 65535.9});
        NdArray bytes = NdArray.ofUnsigned(new byte[] {0, 1, 127, (byte) 128, (byte) 200, (byte) 255});
        NdArray complex = NdArray.ofComplex(new double[] {1.25, -2.5, 3e40, 0, -0.0, 1}, 3);
        try (H5File f = H5File.create(ours)) {
            f.createDataset("i16_to_i32be", DType.INT32.bigEndian(), Shape.of(6), DatasetOptions.defaults()).write(ints);
            f.createDataset("f64_to_u16", DType.UINT16, Shape.of(6), DatasetOptions.chunked(4)).write(doubles);
            f.createDataset("f64_to_i8", DType.INT8, Shape.of(6), DatasetOptions.defaults()).write(doubles);
            f.createDataset("u8_to_f32be", DType.FLOAT32.bigEndian(), Shape.of(6), DatasetOptions.compact()).write(bytes);
            f.createDataset("f64_to_f16", DType.FLOAT16, Shape.of(6), DatasetOptions.defaults()).write(doubles);
            f.createDataset("c128_to_c64be", DType.COMPLEX64.bigEndian(), Shape.of(3), DatasetOptions.defaults()).write(complex);
            f.createDataset("be_to_le", DType.INT16, Shape.of(6), DatasetOptions.defaults()).write(ints.withOrder(ByteOrder.BIG_ENDIAN));
        }
        String out = Python.run("""
                import h5py, numpy as np, sys
                ints = np.array([-3, 0, 7, 32767, -32768, 100], dtype='<i2')
                doubles = np.array([-1.5, 0.4, 2.6, 1e6, -1e6, 65535.9])
                u8 = np.array([0, 1, 127, 128, 200, 255], dtype='u1')
                cplx = np.array([complex(1.25, -2.5), complex(3e40, 0), complex(-0.0, 1)])
                with h5py.File(sys.argv[2], 'w') as f:
                    for name, dt, v in [('i16_to_i32be', '>i4', ints), ('f64_to_u16', '<u2', doubles), ('f64_to_i8', 'i1', doubles),
                                        ('u8_to_f32be', '>f4', u8), ('f64_to_f16', '<f2', doubles), ('c128_to_c64be', '>c8', cplx),
                                        ('be_to_le', '<i2', ints.astype('>i2'))]:
                        d = f.create_dataset(name, shape=v.shape, dtype=dt)
                        d.write_direct(np.ascontiguousarray(v))
                ours, theirs = h5py.File(sys.argv[1], 'r'), h5py.File(sys.argv[2], 'r')
                for k in theirs:
                    a, b = ours[k][()], theirs[k][()]
                    print(k, a.dtype.str == b.dtype.str and a.tobytes() == b.tobytes(), a.tolist(), b.tolist())
                """, ours, dir.resolve("theirs.h5"));
        assertThat(out.lines().filter(l -> !l.isBlank()).toList()).hasSize(7).allSatisfy(l -> assertThat(l.split(" ")[1]).as(l).isEqualTo("True"));
    }

    /** libhdf5 has no float-to-enumeration path: h5py's write of floats into bool or an enum fails, and so does ours. */
    @Test
    void floatsIntoBoolOrAnEnumerationAreRefusedAsLibhdf5RefusesThem() {
        Path file = dir.resolve("enums.h5");
        String h5py = Python.run("""
                import h5py, numpy as np, sys
                with h5py.File(sys.argv[1], 'w') as f:
                    f.create_dataset('flag', shape=(3,), dtype=bool)
                    f.create_dataset('state', shape=(3,), dtype=h5py.enum_dtype({'A': 0, 'B': 1, 'C': 5}, basetype='i1'))
                    for name in ['flag', 'state']:
                        try:
                            f[name].write_direct(np.array([0.0, 1.0, 2.7]))
                            print(name, 'written')
                        except (OSError, TypeError) as e:
                            print(name, 'refused')
                        f[name].write_direct(np.array([0, 1, 1], dtype='i8'))
                """, file);
        assertThat(h5py.lines().toList()).containsExactly("flag refused", "state refused");
        try (H5File f = H5File.open(file, H5File.Mode.READ_WRITE)) {
            for (String name : new String[] {"flag", "state"}) {
                Dataset d = f.dataset(name);
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.write(NdArray.of(new double[] {0, 1, 2.7})))
                        .as(name).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/" + name).hasMessageContaining("enumeration");
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.write(NdArray.of(new float[] {0, 1, 0})))
                        .as(name).isInstanceOf(IllegalArgumentException.class);
                d.write(NdArray.of(new long[] {1, 0, 1}));
                assertThat(d.read().toLongArray()).as(name).containsExactly(1, 0, 1);
            }
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.root().attrs().put("b", NdArray.of(new double[] {1.5}), DType.BOOL))
                    .isInstanceOf(RuntimeException.class).hasMessageContaining("enumeration");
        }
    }

    /**
     * A number given for an enumeration dtype is its base integer, as NumPy stores it in h5py's enum
     * dtype ({@code dset[1] = 2}, {@code fillvalue=2}): {@code NdArray.scalar} and {@code full} used to
     * give zeros for every dtype outside numbers and bool, and a Number fill value of an enumeration
     * dataset went through float64 and was refused.
     */
    @Test
    void numbersIntoAnEnumerationAreItsBaseIntegerAsInH5py() {
        Path ours = dir.resolve("ours_enum.h5");
        DType state = DType.enumeration(DType.UINT8, java.util.Map.of("A", 0L, "B", 1L, "C", 2L));
        try (H5File f = H5File.create(ours)) {
            Dataset d = f.createDataset("state", state, Shape.of(5), DatasetOptions.chunked(2).fillValue(2));
            d.write("1", NdArray.scalar(state, 1));
            d.write("3:5", NdArray.full(state, 0, 2));
        }
        String out = Python.run("""
                import h5py, numpy as np, sys
                with h5py.File(sys.argv[2], 'w') as f:
                    d = f.create_dataset('state', shape=(5,), chunks=(2,), fillvalue=2, dtype=h5py.enum_dtype({'A': 0, 'B': 1, 'C': 2}, basetype='u1'))
                    d[1] = 1
                    d[3:5] = np.full(2, 0)
                ours, theirs = h5py.File(sys.argv[1], 'r')['state'], h5py.File(sys.argv[2], 'r')['state']
                print(ours[()].tolist(), ours.fillvalue, h5py.check_enum_dtype(ours.dtype) == h5py.check_enum_dtype(theirs.dtype))
                print(theirs[()].tolist(), theirs.fillvalue)
                """, ours, dir.resolve("theirs_enum.h5"));
        assertThat(out.lines().toList()).containsExactly("[2, 1, 2, 0, 0] 2 True", "[2, 1, 2, 0, 0] 2");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> NdArray.full(DType.string(), 1, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("numeric, bool and enumeration");
    }
    /**
     * Frames of different dtypes appended one after the other (a dataset keeps the last dtype's
     * memory type and conversion check, so each change of dtype must be noticed), one of a dtype
     * with no conversion refused with the extent as it was: h5py appending the same frames stores
     * the same values.
     */
    @Test
    void appendsOfChangingDtypesConvertEachFrameAsH5pyDoes() {
        Path ours = dir.resolve("ours_append.h5");
        NdArray u16 = NdArray.ofUnsigned(new short[] {0, 1, (short) 65535, 300}, 2, 2);
        NdArray f64 = NdArray.of(new double[] {-1.5, 0.4, 2.6, 70000.0}, 2, 2);
        NdArray i8 = NdArray.of(new byte[] {-7, 0, 7, 127}, 2, 2);
        NdArray strings = NdArray.ofObjects(DType.string(), java.util.List.of("a", "b", "c", "d")).reshape(2, 2);
        try (H5File f = H5File.create(ours)) {
            Dataset d = f.createDataset("frames", DType.UINT16, Shape.of(0, 2, 2), DatasetOptions.chunked(1, 2, 2).maxShape(Shape.UNLIMITED, 2, 2));
            for (NdArray frame : new NdArray[] {u16, f64, u16, i8, f64, f64}) d.append(frame);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.append(strings))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/frames").hasMessageContaining("cannot be stored as");
            d.append(u16);
            assertThat(d.shape()).isEqualTo(Shape.of(7, 2, 2));
        }
        String out = Python.run("""
                import h5py, numpy as np, sys
                u16 = np.array([0, 1, 65535, 300], dtype='<u2').reshape(2, 2)
                f64 = np.array([-1.5, 0.4, 2.6, 70000.0]).reshape(2, 2)
                i8 = np.array([-7, 0, 7, 127], dtype='i1').reshape(2, 2)
                with h5py.File(sys.argv[2], 'w') as f:
                    d = f.create_dataset('frames', shape=(0, 2, 2), maxshape=(None, 2, 2), chunks=(1, 2, 2), dtype='<u2')
                    for frame in [u16, f64, u16, i8, f64, f64, u16]:
                        d.resize(d.shape[0] + 1, axis=0)
                        d.write_direct(np.ascontiguousarray(frame), dest_sel=np.s_[-1])
                a, b = h5py.File(sys.argv[1], 'r')['frames'][()], h5py.File(sys.argv[2], 'r')['frames'][()]
                print(a.shape, a.dtype.str == b.dtype.str and a.tobytes() == b.tobytes(), a.reshape(7, 4).tolist())
                """, ours, dir.resolve("theirs_append.h5"));
        assertThat(out.strip()).startsWith("(7, 2, 2) True");
    }
}
