package org.h5vds.api;

import java.util.StringJoiner;
import org.h5vds.format.message.Datatype;

/** Short human descriptions of stored datatypes, for listings and error messages. */
final class TypeText {
    private TypeText() {
    }

    static String describe(Datatype t) {
        DType d = DTypes.of(t);
        if (d != null) return d.toString();
        return switch (t.typeClass()) {
            case STRING -> "string[" + t.size() + ", " + charset(t) + "]";
            case VARIABLE_LENGTH -> t.isVariableLengthString() ? "vlen string[" + charset(t) + "]" : "vlen of " + describe(t.baseType());
            case COMPOUND -> {
                StringJoiner j = new StringJoiner(", ", "compound{", "}");
                for (Datatype.Member m : t.members()) j.add(m.name() + ": " + describe(m.type()));
                yield j.toString();
            }
            case ENUMERATED -> "enum of " + describe(t.baseType());
            case ARRAY -> "array" + Shape.of(t.arrayDims()) + " of " + describe(t.baseType());
            case OPAQUE -> "opaque[" + t.size() + "]";
            case REFERENCE -> "reference";
            case BITFIELD -> "bitfield[" + t.size() + "]";
            case TIME -> "time[" + t.size() + "]";
            case FIXED_POINT -> (t.isSigned() ? "int" : "uint") + t.bitPrecision() + "@" + t.bitOffset() + " in " + t.size() + " bytes";
            case FLOATING_POINT -> "float[" + t.size() + " bytes, non-IEEE]";
            default -> t.typeClass().name().toLowerCase();
        };
    }

    private static String charset(Datatype t) {
        return t.characterSet() == Datatype.CharacterSet.UTF8 ? "utf-8" : "ascii";
    }
}
