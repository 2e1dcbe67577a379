package org.h5vds.cli;

/**
 * A command line that does not parse, or asks for something the command cannot combine (exit
 * status {@link Main#USAGE}): printed as one line naming the option or parameter, then a pointer
 * to the command's help.
 */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message, null, false, false);
    }
}
