package org.calico4j.model.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.calico4j.model.IpPool;
import org.calico4j.model.internal.ManifestReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** calicoctl's 10 MiB limit is per document: a bigger stream of documents loads, one bigger document does not. */
class ManifestSizeTest {
    private static String pool(int i, String annotation) {
        return "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: pool-" + i + "\n  annotations:\n    note: "
                + annotation + "\nspec:\n  cidr: 10." + (i / 256 % 256) + "." + (i % 256) + ".0/24\n";
    }

    @Test
    void aStreamOverTenMebibytesOfSmallDocumentsLoads(@TempDir Path tmp) {
        String note = "n".repeat(1000);
        StringBuilder sb = new StringBuilder();
        int n = 0;
        while (sb.length() <= ManifestReader.MAX_DOCUMENT_BYTES + 100_000) {
            sb.append("---\n").append(pool(n++, note));
        }
        Path f = tmp.resolve("pools.yaml");
        writeString(f, sb.toString());
        Manifest m = Manifest.read(f);
        assertEquals(n, m.resources().size());
        assertEquals("10." + ((n - 1) / 256 % 256) + "." + ((n - 1) % 256) + ".0/24",
                m.resources(IpPool.class).get(n - 1).spec().cidr().toString());
    }

    @Test
    void oneDocumentOverTenMebibytesIsRefusedAndItsNeighboursStillLoad() {
        StringBuilder big = new StringBuilder("    note: >-\n");
        while (big.length() <= ManifestReader.MAX_DOCUMENT_BYTES) {
            big.append("      ").append("m".repeat(1000)).append('\n');
        }
        String text = pool(1, "a") + "---\napiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: big\n  annotations:\n"
                + big + "spec:\n  cidr: 10.9.0.0/16\n---\n" + pool(2, "b");
        ManifestException e = assertThrows(ManifestException.class, () -> Manifest.parse(text));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertEquals(2, e.problems().get(0).document());
        assertTrue(e.getMessage().contains("document is larger than the 10 MiB calicoctl accepts"), e.getMessage());
        assertEquals(2, Manifest.load(text, "<string>").stream().filter(x -> x.resource().isPresent()).count());
    }

    private static void writeString(Path f, String s) {
        try {
            Files.writeString(f, s, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
