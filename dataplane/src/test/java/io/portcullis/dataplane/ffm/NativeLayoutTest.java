package io.portcullis.dataplane.ffm;

import java.io.IOException;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.portcullis.dataplane.packet.PacketVector;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Java layouts of portcullis.h's structs against the C compiler: a small C program including
 * the header prints the {@code sizeof} of every {@code typedef struct pc_… { … } pc_…;}, the offset
 * and size of every member, and the value of every {@code #define PC_…}; each must equal the Java
 * side ({@link CryptoOpLayout}, {@link PktLayout}, {@link PortConfLayout}, {@link PortInfoLayout},
 * {@link PortStatsLayout}, {@link PortLinkLayout}). Structs, members and defines are read from the
 * header itself, so one added in C without its Java twin fails too.
 */
class NativeLayoutTest
{
    /** Every struct of the header and the class holding its Java layout. */
    private static final Map<String, Class<?>> LAYOUTS = Map.of(
        "pc_crypto_op", CryptoOpLayout.class,
        "pc_pkt", PktLayout.class,
        "pc_port_conf", PortConfLayout.class,
        "pc_port_info", PortInfoLayout.class,
        "pc_port_stats", PortStatsLayout.class,
        "pc_port_link", PortLinkLayout.class);
    private static final Pattern STRUCT =
        Pattern.compile("typedef\\s+struct\\s+(\\w+)\\s*\\{(.*?)}\\s*(\\w+)\\s*;", Pattern.DOTALL);
    /** The name in a member declaration: {@code uint8_t aad[32];} → aad. */
    private static final Pattern MEMBER = Pattern.compile("(\\w+)\\s*(?:\\[[^\\]]*\\])?\\s*;");
    private static final Pattern DEFINE = Pattern.compile("^#define\\s+(PC_\\w+)\\s", Pattern.MULTILINE);
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    @TempDir
    static Path dir;

    /** struct name → its members in order. */
    private static Map<String, List<String>> structs;
    private static List<String> defines;
    /** What the compiled program printed: "sizeof.pc_pkt", "offsetof.pc_pkt.mbuf", "sizeof.pc_pkt.mbuf", "PC_DIR_ENCRYPT", … */
    private static Map<String, Long> c;

    @BeforeAll
    static void compileAndRun() throws IOException, InterruptedException
    {
        final String root = System.getProperty("portcullis.root");
        assertNotNull(root, "system property portcullis.root (the checkout) is not set: run through Maven");
        final Path include = Path.of(root, "native", "include");
        final String header = COMMENT.matcher(Files.readString(include.resolve("portcullis.h"))).replaceAll(" ");
        structs = structs(header);
        defines = defines(header);

        final Path source = dir.resolve("layout.c");
        Files.writeString(source, program(structs, defines));
        final Path program = dir.resolve("layout");
        run(List.of("cc", "-std=gnu11", "-Wall", "-Werror", "-I" + include, "-o", program.toString(),
            source.toString()));
        c = parse(run(List.of(program.toString())));
    }

    @Test
    void everyStructHasAJavaLayout()
    {
        assertEquals(new TreeSet<>(LAYOUTS.keySet()), new TreeSet<>(structs.keySet()),
            "structs of portcullis.h vs the layout classes this test knows");
    }

    @Test
    void sizeMatches()
    {
        final List<Executable> checks = new ArrayList<>();
        for (final String struct : structs.keySet())
        {
            final Class<?> java = layoutClass(struct);
            checks.add(() -> assertEquals(c.get("sizeof." + struct), constant(java, "SIZE"),
                "sizeof(" + struct + ") vs " + java.getSimpleName() + ".SIZE"));
            checks.add(() -> assertEquals(c.get("sizeof." + struct), layout(java).byteSize(),
                "sizeof(" + struct + ") vs " + java.getSimpleName() + ".LAYOUT.byteSize()"));
        }
        assertAll(checks);
    }

    @Test
    void sameMembersInTheSameOrder()
    {
        final List<Executable> checks = new ArrayList<>();
        for (final Map.Entry<String, List<String>> struct : structs.entrySet())
        {
            final Class<?> java = layoutClass(struct.getKey());
            final List<String> names = new ArrayList<>();
            for (final MemoryLayout member : layout(java).memberLayouts())
            {
                member.name().ifPresent(names::add);  // unnamed members are padding
            }
            checks.add(() -> assertEquals(struct.getValue(), names,
                "members of struct " + struct.getKey() + " vs " + java.getSimpleName() + ".LAYOUT"));
        }
        assertAll(checks);
    }

    @Test
    void everyMemberIsWhereTheCompilerPutsIt()
    {
        final List<Executable> checks = new ArrayList<>();
        for (final Map.Entry<String, List<String>> struct : structs.entrySet())
        {
            final Class<?> java = layoutClass(struct.getKey());
            final String name = java.getSimpleName();
            for (final String member : struct.getValue())
            {
                final String constant = member.toUpperCase(Locale.ROOT);
                final String key = struct.getKey() + "." + member;
                final long offset = c.get("offsetof." + key);
                checks.add(() -> assertEquals(offset, layout(java).byteOffset(groupElement(member)),
                    "offsetof(" + struct.getKey() + ", " + member + ") vs " + name + ".LAYOUT.byteOffset(\"" +
                    member + "\")"));
                checks.add(() -> assertEquals(offset, constant(java, constant),
                    "offsetof(" + struct.getKey() + ", " + member + ") vs " + name + "." + constant));
                checks.add(() -> assertEquals(c.get("sizeof." + key),
                    layout(java).select(groupElement(member)).byteSize(),
                    "sizeof(" + key + ") vs its layout's byteSize()"));
            }
        }
        assertAll(checks);
    }

    @Test
    void everyDefineHasTheSameValue()
    {
        final List<Executable> checks = new ArrayList<>();
        for (final String define : defines)
        {
            final List<Class<?>> holders = holders(define);
            checks.add(() -> assertEquals(1, holders.size(),
                define + " should be a constant of exactly one layout class, is in " + holders));
            if (holders.size() == 1)
            {
                checks.add(() -> assertEquals(c.get(define), constant(holders.getFirst(), define),
                    define + " vs " + holders.getFirst().getSimpleName() + "." + define));
            }
        }
        assertAll(checks);
    }

    @Test
    void everyJavaConstantHasADefine()
    {
        final List<String> missing = new ArrayList<>();
        for (final Class<?> java : LAYOUTS.values())
        {
            for (final Field field : java.getDeclaredFields())
            {
                if (Modifier.isStatic(field.getModifiers()) && field.getName().startsWith("PC_") &&
                    !defines.contains(field.getName()))
                {
                    missing.add(java.getSimpleName() + "." + field.getName());
                }
            }
        }
        assertTrue(missing.isEmpty(), "layout constants with no #define in portcullis.h: " + missing);
    }

    @Test
    void aBurstFillsAPacketVector()
    {
        assertEquals(PacketVector.MAX_SIZE, PktLayout.PC_BURST_MAX, "PC_BURST_MAX vs PacketVector.MAX_SIZE");
    }

    private static Class<?> layoutClass(final String struct)
    {
        final Class<?> java = LAYOUTS.get(struct);
        return java != null ? java : fail("no Java layout class for struct " + struct + ": add one and list it in LAYOUTS");
    }

    private static List<Class<?>> holders(final String define)
    {
        final List<Class<?>> holders = new ArrayList<>();
        for (final Class<?> java : LAYOUTS.values())
        {
            try
            {
                java.getDeclaredField(define);
                holders.add(java);
            }
            catch (final NoSuchFieldException ex)
            {
                // not this one
            }
        }
        return holders;
    }

    private static StructLayout layout(final Class<?> java)
    {
        return (StructLayout)value(java, "LAYOUT");
    }

    /** Reads a constant of a layout class; a byte one as C sees it (unsigned, as uint8_t fields are). */
    private static long constant(final Class<?> java, final String name)
    {
        final Object value = value(java, name);
        return value instanceof Byte b ? Byte.toUnsignedLong(b) : ((Number)value).longValue();
    }

    private static Object value(final Class<?> java, final String name)
    {
        try
        {
            final Field field = java.getDeclaredField(name);
            field.setAccessible(true);
            return field.get(null);
        }
        catch (final NoSuchFieldException ex)
        {
            return fail(java.getSimpleName() + " has no constant " + name);
        }
        catch (final IllegalAccessException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static Map<String, List<String>> structs(final String header)
    {
        final Map<String, List<String>> found = new LinkedHashMap<>();
        final Matcher struct = STRUCT.matcher(header);
        while (struct.find())
        {
            assertEquals(struct.group(1), struct.group(3), "typedef struct X { … } X; with two names");
            final List<String> names = new ArrayList<>();
            final Matcher member = MEMBER.matcher(struct.group(2));
            while (member.find())
            {
                names.add(member.group(1));
            }
            assertTrue(!names.isEmpty(), "struct " + struct.group(1) + " has no members?");
            found.put(struct.group(1), names);
        }
        assertTrue(found.containsKey("pc_crypto_op"), "no typedef struct pc_crypto_op { … } pc_crypto_op; found");
        return found;
    }

    private static List<String> defines(final String header)
    {
        final List<String> names = new ArrayList<>();
        final Matcher define = DEFINE.matcher(header);
        while (define.find())
        {
            names.add(define.group(1));
        }
        assertTrue(!names.isEmpty(), "no PC_* defines found in portcullis.h");
        return names;
    }

    private static String program(final Map<String, List<String>> structs, final List<String> defines)
    {
        final StringBuilder s = new StringBuilder("""
            #include <stddef.h>
            #include <stdio.h>
            #include "portcullis.h"

            #define MEMBER(s, m) \\
                printf("offsetof.%s.%s %zu\\n", #s, #m, offsetof(s, m)); \\
                printf("sizeof.%s.%s %zu\\n", #s, #m, sizeof(((s *)0)->m));
            #define DEFINE(d) printf("%s %lld\\n", #d, (long long)(d));

            int main(void)
            {
            """);
        structs.forEach((struct, members) -> {
            s.append("    printf(\"sizeof.%s %zu\\n\", \"").append(struct).append("\", sizeof(").append(struct)
                .append("));\n");
            members.forEach(m -> s.append("    MEMBER(").append(struct).append(", ").append(m).append(")\n"));
        });
        defines.forEach(d -> s.append("    DEFINE(").append(d).append(")\n"));
        return s.append("    return 0;\n}\n").toString();
    }

    private static String run(final List<String> command) throws IOException, InterruptedException
    {
        final Process process;
        try
        {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        }
        catch (final IOException ex)
        {
            throw new IOException("cannot run " + command.getFirst() + " (a C compiler is needed to build native/ " +
                "anyway: apt-get install gcc)", ex);
        }
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0)
        {
            process.destroyForcibly();
            fail(String.join(" ", command) + " failed:\n" + output);
        }
        return output;
    }

    private static Map<String, Long> parse(final String output)
    {
        final Map<String, Long> values = new LinkedHashMap<>();
        for (final String line : output.strip().split("\n"))
        {
            final String[] parts = line.strip().split(" ");
            values.put(parts[0], Long.parseLong(parts[1]));
        }
        return values;
    }
}
