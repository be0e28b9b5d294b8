package org.calico4j.client.file;

import java.nio.file.Path;

import org.calico4j.client.spi.Datastore;
import org.calico4j.client.tck.DatastoreTck;
import org.junit.jupiter.api.io.TempDir;

/** The Datastore contract, unchanged, against the file store (each open gets a fresh directory). */
class FileDatastoreTckTest extends DatastoreTck {
    @TempDir
    Path tmp;
    private int stores;

    @Override
    protected Datastore open(int historyLimit) {
        return FileDatastore.open(tmp.resolve("store-" + stores++), historyLimit);
    }
}
