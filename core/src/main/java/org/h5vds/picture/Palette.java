package org.h5vds.picture;

import java.util.Locale;

/**
 * Colours for source files in a mapping picture, by the order in which files first appear: twelve
 * hand-picked colours that stay apart for colour-blind readers too, then hues a golden angle apart
 * at alternating lightness, so that any number of files gets a deterministic colour and neighbours
 * in the order never look alike.
 */
final class Palette {
    private static final String[] FIRST = {
        "#4477aa", "#ee6677", "#228833", "#ccbb44", "#66ccee", "#aa3377",
        "#ee8866", "#44bb99", "#bbcc33", "#99ddff", "#884499", "#dd7733",
    };
    private static final double GOLDEN_ANGLE = 137.50776405003785;

    private Palette() {
    }

    /** The colour of the {@code index}-th file, as {@code #rrggbb}. */
    static String colour(int index) {
        if (index < 0) throw new IllegalArgumentException("negative colour index " + index);
        if (index < FIRST.length) return FIRST[index];
        int k = index - FIRST.length;
        double hue = (k * GOLDEN_ANGLE + 15) % 360;
        double lightness = switch (k % 3) {
            case 0 -> 0.50;
            case 1 -> 0.65;
            default -> 0.38;
        };
        return hsl(hue, 0.60, lightness);
    }

    /** Black or white, whichever reads better on {@code background} ({@code #rrggbb}). */
    static String textOn(String background) {
        int rgb = Integer.parseInt(background.substring(1), 16);
        double r = ((rgb >> 16) & 0xff) / 255.0;
        double g = ((rgb >> 8) & 0xff) / 255.0;
        double b = (rgb & 0xff) / 255.0;
        // relative luminance with the sRGB weights (WCAG), on gamma-encoded values: good enough to pick black or white
        double luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        return luminance > 0.5 ? "#000000" : "#ffffff";
    }

    private static String hsl(double hue, double saturation, double lightness) {
        double c = (1 - Math.abs(2 * lightness - 1)) * saturation;
        double h = hue / 60;
        double x = c * (1 - Math.abs(h % 2 - 1));
        double r = 0, g = 0, b = 0;
        switch ((int) h) {
            case 0 -> { r = c; g = x; }
            case 1 -> { r = x; g = c; }
            case 2 -> { g = c; b = x; }
            case 3 -> { g = x; b = c; }
            case 4 -> { r = x; b = c; }
            default -> { r = c; b = x; }
        }
        double m = lightness - c / 2;
        return String.format(Locale.ROOT, "#%02x%02x%02x", channel(r + m), channel(g + m), channel(b + m));
    }

    private static int channel(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v * 255)));
    }
}
