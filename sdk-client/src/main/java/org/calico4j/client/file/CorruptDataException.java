package org.calico4j.client.file;

/**
 * A record or snapshot that does not read back as written: torn by a crash, or damaged. Checked,
 * so that every reader decides explicitly between "cut the torn tail" (only an incomplete last WAL
 * record, never acknowledged) and "refuse to open" (anything else).
 */
final class CorruptDataException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean checksumValid;

    CorruptDataException(String message) {
        this(message, null, false);
    }

    CorruptDataException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private CorruptDataException(String message, Throwable cause, boolean checksumValid) {
        super(message, cause);
        this.checksumValid = checksumValid;
    }

    /**
     * Whether the record's checksum held, so it was written whole: its failure to decode is not
     * a torn write, and the record must never be cut silently.
     */
    boolean checksumValid() {
        return checksumValid;
    }

    CorruptDataException withValidChecksum() {
        return checksumValid ? this : new CorruptDataException(getMessage() + " (its checksum is valid: it was written whole)",
                getCause(), true);
    }
}
