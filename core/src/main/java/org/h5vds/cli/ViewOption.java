package org.h5vds.cli;

import org.h5vds.api.VirtualView;
import picocli.CommandLine;

/** Parses {@code first-missing} / {@code last-available} (any case, '_' or '-') into a {@link VirtualView}. */
final class ViewOption implements CommandLine.ITypeConverter<VirtualView> {
    @Override
    public VirtualView convert(String value) {
        String v = value.trim().toUpperCase().replace('-', '_');
        for (VirtualView view : VirtualView.values()) if (view.name().equals(v)) return view;
        throw new CommandLine.TypeConversionException("'" + value + "' is not a view: use first-missing or last-available");
    }
}
