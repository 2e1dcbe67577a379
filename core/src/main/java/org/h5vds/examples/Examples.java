package org.h5vds.examples;

import java.util.List;
import java.util.stream.Collectors;

/** The six examples, by name. */
public final class Examples {
    private Examples() {
    }

    /** Every example, in the order the seed lists them; Percival at its reduced frame size. */
    public static List<Example> all() {
        return List.of(new VdsSimple(), new DatasetConcatenation(), new ExcaliburDetectorModules(), new DualPcoEdge(),
                new EigerUseCase(), new PercivalUseCase(false));
    }

    /**
     * The example of that name.
     *
     * @param fullSize for percival_use_case: the full 2000×2000 frames (about 6.4 GB of sources)
     * @throws IllegalArgumentException naming the known examples
     */
    public static Example named(String name, boolean fullSize) {
        if (name.equals("percival_use_case")) return new PercivalUseCase(fullSize);
        for (Example e : all()) if (e.name().equals(name)) return e;
        throw new IllegalArgumentException("no example named \"" + name + "\"; known: "
                + all().stream().map(Example::name).collect(Collectors.joining(", ")));
    }
}
