package org.calico4j.client.file;

import static org.calico4j.client.file.TestPools.pool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;

import org.calico4j.client.internal.MvccStore.Change;
import org.calico4j.client.spi.ResourceKey;
import org.calico4j.model.IpPool;
import org.calico4j.model.Kind;
import org.junit.jupiter.api.Test;

class RecordsTest {
    private static Change parse(byte[] line) throws CorruptDataException {
        return Records.parseWalLine(line, line.length - 1);
    }

    @Test
    void aValueWithAwkwardTextRoundTripsOnOneLine() throws Exception {
        IpPool p = pool("a", "10.0.0.0/24");
        p = p.withMetadata(p.metadata().withLabels(Map.of("k", "line\nbreak \"quoted\" \\ tab\t é \u0001")));
        Change c = new Change(42, new ResourceKey(Kind.IP_POOL, "ns \"x\"\n", "a"), p);
        byte[] line = Records.walLine(c);
        assertEquals(1, new String(line, StandardCharsets.UTF_8).split("\n", -1).length - 1, "one line end");
        assertEquals(c, parse(line));
    }

    @Test
    void aDeleteRoundTrips() throws Exception {
        Change c = new Change(7, ResourceKey.of(Kind.BGP_PEER, "peer-1"), null);
        assertEquals(c, parse(Records.walLine(c)));
    }

    @Test
    void damageIsCorruptData() {
        byte[] good = Records.walLine(new Change(3, ResourceKey.of(Kind.IP_POOL, "a"), pool("a", "10.0.0.0/24")));
        byte[] flipped = good.clone();
        flipped[20] ^= 1;
        assertTrue(assertThrows(CorruptDataException.class, () -> parse(flipped)).getMessage().contains("CRC"));
        assertThrows(CorruptDataException.class, () -> Records.parseWalLine(good, 5));
        assertThrows(CorruptDataException.class, () -> parse("zzzzzzzz {}\n".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void aValidCrcOverBadJsonIsCorruptData() {
        String head = "{\"rev\":1,\"kind\":\"IPPool\",\"namespace\":\"\",\"name\":\"a\",";
        for (String json : new String[] {"{}", "{\"rev\":1}", "[1]", head.replace("IPPool", "Nope") + "\"value\":null}",
                head + "\"value\":{\"kind\":\"IPPool\"", head + "\"value\":{\"kind\":\"IPPool\"}}",
                head + "\"value\":null,\"extra\":1}", head + "\"value\":null} trailing"}) {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            CRC32 crc = new CRC32();
            crc.update(body);
            byte[] line = (String.format("%08x ", crc.getValue()) + json + "\n").getBytes(StandardCharsets.UTF_8);
            assertThrows(CorruptDataException.class, () -> parse(line), json);
        }
    }
}
