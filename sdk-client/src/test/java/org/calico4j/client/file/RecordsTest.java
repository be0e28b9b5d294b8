package org.calico4j.client.file;

import static org.calico4j.client.file.TestPools.pool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

import org.calico4j.client.internal.MvccStore.Change;
import org.calico4j.client.spi.ResourceKey;
import org.calico4j.model.IpPool;
import org.calico4j.model.Kind;
import org.junit.jupiter.api.Test;

class RecordsTest {
    private static Change parse(byte[] line) throws CorruptDataException {
        List<Change> changes = Records.parseWalLine(line, line.length - 1);
        assertEquals(1, changes.size(), "one write's record");
        return changes.get(0);
    }

    @Test
    void aValueWithAwkwardTextRoundTripsOnOneLine() throws Exception {
        IpPool p = pool("a", "10.0.0.0/24");
        p = p.withMetadata(p.metadata().withLabels(Map.of("k", "line\nbreak \"quoted\" \\ tab\t é \u0001")));
        Change c = new Change(42, new ResourceKey(Kind.IP_POOL, "ns \"x\"\n", "a"), p);
        byte[] line = Records.walLine(List.of(c));
        assertEquals(1, new String(line, StandardCharsets.UTF_8).split("\n", -1).length - 1, "one line end");
        assertEquals(c, parse(line));
    }

    @Test
    void aDeleteRoundTrips() throws Exception {
        Change c = new Change(7, ResourceKey.of(Kind.BGP_PEER, "peer-1"), null);
        assertEquals(c, parse(Records.walLine(List.of(c))));
    }

    @Test
    void damageIsCorruptData() {
        byte[] good = Records.walLine(List.of(new Change(3, ResourceKey.of(Kind.IP_POOL, "a"), pool("a", "10.0.0.0/24"))));
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

    @Test
    void aTransactionIsOneLineThatRoundTripsWhole() throws Exception {
        List<Change> txn = List.of(new Change(9, ResourceKey.of(Kind.IP_POOL, "a"), pool("a", "10.0.0.0/24")),
                new Change(9, ResourceKey.of(Kind.IP_POOL, "b"), null));
        byte[] line = Records.walLine(txn);
        assertEquals(1, new String(line, StandardCharsets.UTF_8).split("\n", -1).length - 1, "one line end");
        assertEquals(txn, Records.parseWalLine(line, line.length - 1));
        assertThrows(CorruptDataException.class, () -> Records.parseChangeLine(line, line.length - 1),
                "a snapshot line holds one change, never a transaction");
    }

    @Test
    void aTransactionRecordWithOneChangeMixedRevisionsOrAKeyTwiceIsCorruptData() {
        String a = "{\"rev\":3,\"kind\":\"BGPPeer\",\"namespace\":\"\",\"name\":\"a\",\"value\":null}";
        String b = "{\"rev\":4,\"kind\":\"BGPPeer\",\"namespace\":\"\",\"name\":\"b\",\"value\":null}";
        for (String json : new String[] {"[" + a + "]", "[" + a + "," + b + "]", "[" + a + "," + a + "]", "[]"}) {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            CRC32 crc = new CRC32();
            crc.update(body);
            byte[] line = (String.format("%08x ", crc.getValue()) + json + "\n").getBytes(StandardCharsets.UTF_8);
            CorruptDataException e = assertThrows(CorruptDataException.class, () -> Records.parseWalLine(line, line.length - 1), json);
            assertTrue(e.checksumValid(), "written whole, yet does not read: " + e.getMessage());
        }
    }
}
