package org.h5vds.format.message;

import java.util.Map;
import org.h5vds.io.Cursor;

/**
 * The one place that maps header message types to their classes (IV.A.2.a-x).
 */
public final class Messages {
    /** Message flag bit 0: the message is constant. */
    public static final int FLAG_CONSTANT = 0x01;
    /** Message flag bit 1: the body is a shared message encoding. */
    public static final int FLAG_SHARED = 0x02;
    /** Message flag bit 2: the message must not be shared. */
    public static final int FLAG_DONT_SHARE = 0x04;
    /** Message flag bit 3: fail to open for writing when the type is unknown. */
    public static final int FLAG_FAIL_IF_UNKNOWN_AND_WRITING = 0x08;
    /** Message flag bit 4: mark the object when modified by software that does not know the type. */
    public static final int FLAG_MARK_IF_UNKNOWN = 0x10;
    /** Message flag bit 5: the object was modified by software that did not know this type. */
    public static final int FLAG_WAS_UNKNOWN = 0x20;
    /** Message flag bit 6: the message is shareable. */
    public static final int FLAG_SHAREABLE = 0x40;
    /** Message flag bit 7: always fail to open the object when the type is unknown. */
    public static final int FLAG_FAIL_IF_UNKNOWN_ALWAYS = 0x80;

    /**
     * libhdf5's metadata cache image message (H5O_MDCI_MSG_ID, not in the format specification): the
     * address and length of a block holding the file's metadata, which libhdf5 loads at the first
     * object it opens. Not decoded: a file holding one is refused, named by {@link #CACHE_IMAGE_NAME}.
     */
    public static final int CACHE_IMAGE_TYPE = 0x18;
    /** What a refusal of a cache image says. */
    public static final String CACHE_IMAGE_NAME = "metadata cache image (libhdf5's H5Pset_mdc_image_config), which h5vds "
            + "does not read; 'h5clear -m FILE' removes it";

    private static final Map<Class<? extends Message>, Integer> TYPES = Map.ofEntries(
            Map.entry(NilMessage.class, NilMessage.TYPE),
            Map.entry(Dataspace.class, Dataspace.TYPE),
            Map.entry(LinkInfoMessage.class, LinkInfoMessage.TYPE),
            Map.entry(Datatype.class, Datatype.TYPE),
            Map.entry(FillValueOldMessage.class, FillValueOldMessage.TYPE),
            Map.entry(FillValueMessage.class, FillValueMessage.TYPE),
            Map.entry(LinkMessage.class, LinkMessage.TYPE),
            Map.entry(ExternalDataFilesMessage.class, ExternalDataFilesMessage.TYPE),
            Map.entry(DataLayoutMessage.class, DataLayoutMessage.TYPE),
            Map.entry(BogusMessage.class, BogusMessage.TYPE),
            Map.entry(GroupInfoMessage.class, GroupInfoMessage.TYPE),
            Map.entry(FilterPipelineMessage.class, FilterPipelineMessage.TYPE),
            Map.entry(AttributeMessage.class, AttributeMessage.TYPE),
            Map.entry(ObjectCommentMessage.class, ObjectCommentMessage.TYPE),
            Map.entry(ModificationTimeOldMessage.class, ModificationTimeOldMessage.TYPE),
            Map.entry(SharedMessageTableMessage.class, SharedMessageTableMessage.TYPE),
            Map.entry(ContinuationMessage.class, ContinuationMessage.TYPE),
            Map.entry(SymbolTableMessage.class, SymbolTableMessage.TYPE),
            Map.entry(ModificationTimeMessage.class, ModificationTimeMessage.TYPE),
            Map.entry(BTreeKValuesMessage.class, BTreeKValuesMessage.TYPE),
            Map.entry(DriverInfoMessage.class, DriverInfoMessage.TYPE),
            Map.entry(AttributeInfoMessage.class, AttributeInfoMessage.TYPE),
            Map.entry(ReferenceCountMessage.class, ReferenceCountMessage.TYPE),
            Map.entry(FileSpaceInfoMessage.class, FileSpaceInfoMessage.TYPE));

    private Messages() {
    }

    /** Whether this library decodes messages of {@code type}. */
    public static boolean isKnown(int type) {
        return type >= 0 && type <= 0x17;
    }

    /** The message type a class decodes; for {@link UnknownMessage} and {@link SharedMessage} there is none. */
    public static int typeOf(Class<? extends Message> c) {
        Integer t = TYPES.get(c);
        if (t == null) throw new IllegalArgumentException(c.getSimpleName() + " is not the class of one message type");
        return t;
    }

    /**
     * Decodes the body of a header message. A body flagged as shared decodes to the
     * {@link SharedMessage} reference, to be resolved by the caller; an unknown type to an
     * {@link UnknownMessage}. Addresses a message points to are checked against the file by the
     * object header that holds it ({@code format.HeaderMessage}), which knows the file.
     */
    public static Message decode(int type, int flags, Cursor body) {
        if ((flags & FLAG_SHARED) != 0) return SharedMessage.decode(type, body);
        return switch (type) {
            case NilMessage.TYPE -> NilMessage.decode(body);
            case Dataspace.TYPE -> Dataspace.decode(body);
            case LinkInfoMessage.TYPE -> LinkInfoMessage.decode(body);
            case Datatype.TYPE -> Datatype.decode(body);
            case FillValueOldMessage.TYPE -> FillValueOldMessage.decode(body);
            case FillValueMessage.TYPE -> FillValueMessage.decode(body);
            case LinkMessage.TYPE -> LinkMessage.decode(body);
            case ExternalDataFilesMessage.TYPE -> ExternalDataFilesMessage.decode(body);
            case DataLayoutMessage.TYPE -> DataLayoutMessage.decode(body);
            case BogusMessage.TYPE -> BogusMessage.decode(body);
            case GroupInfoMessage.TYPE -> GroupInfoMessage.decode(body);
            case FilterPipelineMessage.TYPE -> FilterPipelineMessage.decode(body);
            case AttributeMessage.TYPE -> AttributeMessage.decode(body);
            case ObjectCommentMessage.TYPE -> ObjectCommentMessage.decode(body);
            case ModificationTimeOldMessage.TYPE -> ModificationTimeOldMessage.decode(body);
            case SharedMessageTableMessage.TYPE -> SharedMessageTableMessage.decode(body);
            case ContinuationMessage.TYPE -> ContinuationMessage.decode(body);
            case SymbolTableMessage.TYPE -> SymbolTableMessage.decode(body);
            case ModificationTimeMessage.TYPE -> ModificationTimeMessage.decode(body);
            case BTreeKValuesMessage.TYPE -> BTreeKValuesMessage.decode(body);
            case DriverInfoMessage.TYPE -> DriverInfoMessage.decode(body);
            case AttributeInfoMessage.TYPE -> AttributeInfoMessage.decode(body);
            case ReferenceCountMessage.TYPE -> ReferenceCountMessage.decode(body);
            case FileSpaceInfoMessage.TYPE -> FileSpaceInfoMessage.decode(body);
            default -> UnknownMessage.decode(type, body);
        };
    }
}
