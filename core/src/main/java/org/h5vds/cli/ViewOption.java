package org.h5vds.cli;

import org.h5vds.api.VirtualView;

/** Parses {@code first-missing} / {@code last-available} (any case, '_' or '-') into a {@link VirtualView}. */
final class ViewOption implements Converter {
    @Override
    public VirtualView convert(String value) {
        String v = value.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        for (VirtualView view : VirtualView.values()) if (view.name().equals(v)) return view;
        throw new IllegalArgumentException("'" + value + "' is not a view: use first-missing or last-available");
    }
}
