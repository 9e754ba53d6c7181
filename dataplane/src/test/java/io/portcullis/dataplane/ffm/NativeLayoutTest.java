package io.portcullis.dataplane.ffm;

import java.io.IOException;
import java.lang.foreign.MemoryLayout;
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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * {@link CryptoOpLayout} against the C compiler: a small C program including portcullis.h
 * prints {@code sizeof(pc_crypto_op)}, the offset and size of every member, and the value of
 * every {@code PC_CIPHER_*}, {@code PC_INTEG_*}, {@code PC_DIR_*}, {@code PC_OP_*} and
 * {@code PC_STATUS_*} define; each must equal the Java side. The members and defines are
 * read from the header itself, so one added in C without its Java twin fails too.
 */
class NativeLayoutTest
{
    private static final String STRUCT = "pc_crypto_op";
    private static final Pattern STRUCT_BODY =
        Pattern.compile("typedef\\s+struct\\s+" + STRUCT + "\\s*\\{(.*?)}\\s*" + STRUCT + "\\s*;", Pattern.DOTALL);
    /** The name in a member declaration: {@code uint8_t aad[32];} → aad. */
    private static final Pattern MEMBER = Pattern.compile("(\\w+)\\s*(?:\\[[^\\]]*\\])?\\s*;");
    private static final Pattern DEFINE =
        Pattern.compile("^#define\\s+(PC_(?:CIPHER|INTEG|DIR|OP|STATUS)_\\w+)\\s", Pattern.MULTILINE);
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    @TempDir
    static Path dir;

    private static List<String> members;
    private static List<String> defines;
    /** What the compiled program printed: "sizeof", "offsetof.aad", "sizeof.aad", "PC_DIR_ENCRYPT", … */
    private static Map<String, Long> c;

    @BeforeAll
    static void compileAndRun() throws IOException, InterruptedException
    {
        final String root = System.getProperty("portcullis.root");
        assertNotNull(root, "system property portcullis.root (the checkout) is not set: run through Maven");
        final Path include = Path.of(root, "native", "include");
        final String header = COMMENT.matcher(Files.readString(include.resolve("portcullis.h"))).replaceAll(" ");
        members = members(header);
        defines = defines(header);

        final Path source = dir.resolve("layout.c");
        Files.writeString(source, program(members, defines));
        final Path program = dir.resolve("layout");
        run(List.of("cc", "-std=gnu11", "-Wall", "-Werror", "-I" + include, "-o", program.toString(),
            source.toString()));
        c = parse(run(List.of(program.toString())));
    }

    @Test
    void sizeMatches()
    {
        assertAll(
            () -> assertEquals(c.get("sizeof"), CryptoOpLayout.SIZE, "sizeof(pc_crypto_op) vs CryptoOpLayout.SIZE"),
            () -> assertEquals(c.get("sizeof"), CryptoOpLayout.LAYOUT.byteSize(),
                "sizeof(pc_crypto_op) vs CryptoOpLayout.LAYOUT.byteSize()"));
    }

    @Test
    void sameMembersInTheSameOrder()
    {
        final List<String> java = new ArrayList<>();
        for (final MemoryLayout member : CryptoOpLayout.LAYOUT.memberLayouts())
        {
            member.name().ifPresent(java::add);  // unnamed members are padding
        }
        assertEquals(members, java, "members of struct pc_crypto_op vs CryptoOpLayout.LAYOUT");
    }

    @Test
    void everyMemberIsWhereTheCompilerPutsIt()
    {
        final List<Executable> checks = new ArrayList<>();
        for (final String member : members)
        {
            final String constant = member.toUpperCase(Locale.ROOT);
            final long offset = c.get("offsetof." + member);
            checks.add(() -> assertEquals(offset, CryptoOpLayout.LAYOUT.byteOffset(groupElement(member)),
                "offsetof(pc_crypto_op, " + member + ") vs LAYOUT.byteOffset(\"" + member + "\")"));
            checks.add(() -> assertEquals(offset, constant(constant),
                "offsetof(pc_crypto_op, " + member + ") vs CryptoOpLayout." + constant));
            checks.add(() -> assertEquals(c.get("sizeof." + member),
                CryptoOpLayout.LAYOUT.select(groupElement(member)).byteSize(),
                "sizeof(pc_crypto_op." + member + ") vs its layout's byteSize()"));
        }
        assertAll(checks);
    }

    @Test
    void everyDefineHasTheSameValue()
    {
        final List<Executable> checks = new ArrayList<>();
        for (final String define : defines)
        {
            checks.add(() -> assertEquals(c.get(define), constant(define), define + " vs CryptoOpLayout." + define));
        }
        assertAll(checks);
    }

    @Test
    void everyJavaConstantHasADefine()
    {
        final List<String> missing = new ArrayList<>();
        for (final Field field : CryptoOpLayout.class.getFields())
        {
            if (Modifier.isStatic(field.getModifiers()) && field.getName().startsWith("PC_") &&
                !defines.contains(field.getName()))
            {
                missing.add(field.getName());
            }
        }
        assertTrue(missing.isEmpty(), "CryptoOpLayout constants with no #define in portcullis.h: " + missing);
    }

    /** Reads a constant of CryptoOpLayout; a byte one as C sees it (unsigned, as uint8_t fields are). */
    private static long constant(final String name)
    {
        try
        {
            final Object value = CryptoOpLayout.class.getField(name).get(null);
            return value instanceof Byte b ? Byte.toUnsignedLong(b) : ((Number)value).longValue();
        }
        catch (final NoSuchFieldException ex)
        {
            return fail("CryptoOpLayout has no constant " + name);
        }
        catch (final IllegalAccessException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static List<String> members(final String header)
    {
        final Matcher body = STRUCT_BODY.matcher(header);
        assertTrue(body.find(), "no typedef struct " + STRUCT + " { … } " + STRUCT + "; in portcullis.h");
        final List<String> names = new ArrayList<>();
        final Matcher member = MEMBER.matcher(body.group(1));
        while (member.find())
        {
            names.add(member.group(1));
        }
        assertTrue(!names.isEmpty(), "struct " + STRUCT + " has no members?");
        return names;
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

    private static String program(final List<String> members, final List<String> defines)
    {
        final StringBuilder s = new StringBuilder("""
            #include <stddef.h>
            #include <stdio.h>
            #include "portcullis.h"

            #define MEMBER(m) \\
                printf("offsetof.%s %zu\\n", #m, offsetof(pc_crypto_op, m)); \\
                printf("sizeof.%s %zu\\n", #m, sizeof(((pc_crypto_op *)0)->m));
            #define DEFINE(d) printf("%s %lld\\n", #d, (long long)(d));

            int main(void)
            {
                printf("sizeof %zu\\n", sizeof(pc_crypto_op));
            """);
        members.forEach(m -> s.append("    MEMBER(").append(m).append(")\n"));
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
