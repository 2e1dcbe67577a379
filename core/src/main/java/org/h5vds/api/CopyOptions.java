package org.h5vds.api;

/**
 * How {@link Group#copy} copies: h5py's {@code copy(..., shallow, expand_soft, expand_external,
 * without_attrs)} flags, all off by default. Immutable; each method returns a new value.
 *
 * <pre>{@code
 * f.copy("entry", "backup/entry", CopyOptions.defaults().expandSoftLinks().withoutAttributes());
 * }</pre>
 */
public final class CopyOptions {
    private static final CopyOptions DEFAULTS = new CopyOptions(false, false, false, false);

    private final boolean shallow;
    private final boolean expandSoftLinks;
    private final boolean expandExternalLinks;
    private final boolean withoutAttributes;

    private CopyOptions(boolean shallow, boolean expandSoftLinks, boolean expandExternalLinks, boolean withoutAttributes) {
        this.shallow = shallow;
        this.expandSoftLinks = expandSoftLinks;
        this.expandExternalLinks = expandExternalLinks;
        this.withoutAttributes = withoutAttributes;
    }

    /**
     * A copy of everything below the object, links as they are, attributes included.
     *
     * @return the default options
     */
    public static CopyOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Copies a group's own members only (h5py's {@code shallow=True}): the groups among them are
     * copied with their attributes but empty.
     *
     * @return options that copy one level
     */
    public CopyOptions shallow() {
        return new CopyOptions(true, expandSoftLinks, expandExternalLinks, withoutAttributes);
    }

    /**
     * Copies the object a soft link points to in place of the link (h5py's
     * {@code expand_soft=True}); a dangling soft link stays a soft link.
     *
     * @return options that expand soft links
     */
    public CopyOptions expandSoftLinks() {
        return new CopyOptions(shallow, true, expandExternalLinks, withoutAttributes);
    }

    /**
     * Copies the object an external link points to in place of the link (h5py's
     * {@code expand_external=True}); a link whose file or object is missing stays an external link.
     *
     * @return options that expand external links
     */
    public CopyOptions expandExternalLinks() {
        return new CopyOptions(shallow, expandSoftLinks, true, withoutAttributes);
    }

    /**
     * Copies no attributes, of the object or of anything below it (h5py's {@code without_attrs=True}).
     *
     * @return options that leave attributes out
     */
    public CopyOptions withoutAttributes() {
        return new CopyOptions(shallow, expandSoftLinks, expandExternalLinks, true);
    }

    boolean isShallow() {
        return shallow;
    }

    boolean expandsSoftLinks() {
        return expandSoftLinks;
    }

    boolean expandsExternalLinks() {
        return expandExternalLinks;
    }

    boolean copiesAttributes() {
        return !withoutAttributes;
    }

    @Override
    public String toString() {
        return "CopyOptions[shallow=" + shallow + ", expandSoftLinks=" + expandSoftLinks + ", expandExternalLinks=" + expandExternalLinks
                + ", withoutAttributes=" + withoutAttributes + "]";
    }
}
