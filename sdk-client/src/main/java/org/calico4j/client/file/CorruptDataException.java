package org.calico4j.client.file;

/**
 * A record or snapshot that does not read back as written: torn by a crash, or damaged. Checked,
 * so that every reader decides explicitly between "truncate here" (the WAL's tail) and "refuse to
 * open" (a snapshot, which is only ever replaced whole).
 */
final class CorruptDataException extends Exception {
    private static final long serialVersionUID = 1L;

    CorruptDataException(String message) {
        super(message);
    }

    CorruptDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
