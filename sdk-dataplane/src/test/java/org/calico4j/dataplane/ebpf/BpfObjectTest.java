package org.calico4j.dataplane.ebpf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import org.calico4j.dataplane.linux.CommandRunner;
import org.junit.jupiter.api.Test;

/**
 * The BPF object shipped in the jar is the C source compiled: its recorded source digest matches the source
 * (no compiler needed), and where the recorded clang and multiarch headers are present, a fresh compile with
 * {@link BpfProgram#compileCommand} gives the same bytes. {@code -Dcalico4j.bpf.write=true} rewrites the shipped
 * object and its record from a fresh compile (after changing the C source).
 */
class BpfObjectTest {
    private static final Path SOURCE = Path.of("src/main/bpf/calico4j_nat_out.c");
    private static final Path SHIPPED = Path.of("src/main/resources" + BpfProgram.RESOURCE);
    private static final Path RECORD = Path.of("src/main/resources" + BpfProgram.RESOURCE + ".properties");

    private static Properties record() throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(RECORD)) {
            p.load(r);
        }
        return p;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void theShippedObjectIsABpfElfWithTheProgramAndItsMaps() throws IOException {
        byte[] obj;
        try (InputStream in = BpfProgram.class.getResourceAsStream(BpfProgram.RESOURCE)) {
            assertNotNull(in, "the object is on the class path (in the jar)");
            obj = in.readAllBytes();
        }
        assertArrayEquals(new byte[] {0x7f, 'E', 'L', 'F'}, java.util.Arrays.copyOf(obj, 4));
        short machine = ByteBuffer.wrap(obj, 18, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
        assertEquals(247, machine, "e_machine EM_BPF");
        String text = new String(obj, StandardCharsets.ISO_8859_1);
        for (String name : List.of(BpfProgram.NAME, BpfProgram.ROUTES_MAP, BpfProgram.GLOBALS_MAP, "license")) {
            assertTrue(text.contains(name), name + " in the object");
        }
    }

    @Test
    void theRecordedSourceDigestIsTheSourcesDigest() throws Exception {
        assertEquals(record().getProperty("source-sha256"), sha256(Files.readAllBytes(SOURCE)),
                SOURCE + " changed without the shipped object being rebuilt: run this test with -Dcalico4j.bpf.write=true");
    }

    @Test
    void aFreshCompileOfTheSourceGivesTheShippedBytes() throws Exception {
        String include = multiarchInclude();
        String clang = clangVersion();
        Properties rec = record();
        Path out = Files.createTempFile("calico4j-bpf-test", ".o");
        try {
            CommandRunner.system().run(BpfProgram.compileCommand(SOURCE, out, include), Duration.ofSeconds(120)).requireSuccess();
            byte[] fresh = Files.readAllBytes(out);
            if (Boolean.getBoolean("calico4j.bpf.write")) {
                Files.write(SHIPPED, fresh);
                Files.writeString(RECORD, "# Written by BpfObjectTest with -Dcalico4j.bpf.write=true\nsource-sha256="
                        + sha256(Files.readAllBytes(SOURCE)) + "\nobject-sha256=" + sha256(fresh) + "\nclang=" + clang + "\nmultiarch-include="
                        + include + "\n");
                return;
            }
            if (!clang.equals(rec.getProperty("clang")) || !include.equals(rec.getProperty("multiarch-include"))) {
                EbpfCheck.missing("the clang and headers the object was built with (" + rec.getProperty("clang") + ", "
                        + rec.getProperty("multiarch-include") + "); here: " + clang + ", " + include);
            }
            assertEquals(rec.getProperty("object-sha256"), sha256(Files.readAllBytes(SHIPPED)), "record and shipped object agree");
            assertEquals(sha256(Files.readAllBytes(SHIPPED)), sha256(fresh),
                    "the shipped object is stale: rebuild it with -Dcalico4j.bpf.write=true");
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static String clangVersion() {
        CommandRunner.Result r;
        try {
            r = CommandRunner.system().run(List.of("clang", "--version"), Duration.ofSeconds(20));
        } catch (CommandRunner.CommandException e) {
            EbpfCheck.missing("clang (Debian package clang; ./scripts/test installs it)");
            return "";
        }
        if (!r.ok()) {
            EbpfCheck.missing("clang (" + r.stderr().strip() + ")");
        }
        return r.stdout().lines().findFirst().orElse("").strip();
    }

    /** The directory holding {@code asm/types.h} for this machine (e.g. /usr/include/x86_64-linux-gnu). */
    private static String multiarchInclude() throws IOException {
        if (!Files.exists(Path.of("/usr/include/bpf/bpf_helpers.h"))) {
            EbpfCheck.missing("/usr/include/bpf/bpf_helpers.h (Debian package libbpf-dev)");
        }
        try (Stream<Path> s = Files.list(Path.of("/usr/include"))) {
            return s.filter(p -> p.getFileName().toString().endsWith("-linux-gnu") && Files.exists(p.resolve("asm/types.h")))
                    .map(Path::toString).sorted().findFirst().orElseGet(() -> {
                        EbpfCheck.missing("/usr/include/<multiarch>/asm/types.h (Debian package linux-libc-dev)");
                        return "";
                    });
        }
    }
}
