package io.portcullis.dataplane.ffm;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The downcall handles of {@code native/include/portcullis.h}, in jextract's style: one
 * static final handle per function. Pointers the fast path passes are {@code JAVA_LONG}
 * addresses (x86-64 passes both the same way), so a call allocates no MemorySegment.
 */
final class PortcullisNative
{
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBRARY = NativeLibrary.open();

    /** void *pc_mgr_create(char *arch_out, uint32_t arch_out_len). */
    static final MethodHandle PC_MGR_CREATE = downcall("pc_mgr_create",
        FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_INT));

    /** void pc_mgr_free(void *mgr). */
    static final MethodHandle PC_MGR_FREE = downcall("pc_mgr_free",
        FunctionDescriptor.ofVoid(JAVA_LONG));

    /** void *pc_sa_create(mgr, cipher, key, key_len, integ, auth_key, auth_key_len, icv_len). */
    static final MethodHandle PC_SA_CREATE = downcall("pc_sa_create",
        FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));

    /** void pc_sa_free(void *sa). */
    static final MethodHandle PC_SA_FREE = downcall("pc_sa_free",
        FunctionDescriptor.ofVoid(JAVA_LONG));

    /** uint32_t pc_crypto_burst(void *mgr, pc_crypto_op *ops, uint32_t n): short, so a critical call. */
    static final MethodHandle PC_CRYPTO_BURST = downcall("pc_crypto_burst",
        FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT), Linker.Option.critical(false));

    /** void pc_ceiling_gcm_encrypt(void *mgr, void *sa, const uint64_t *bufs, uint32_t len, uint32_t n). */
    static final MethodHandle PC_CEILING_GCM_ENCRYPT = downcall("pc_ceiling_gcm_encrypt",
        FunctionDescriptor.ofVoid(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT), Linker.Option.critical(false));

    private PortcullisNative()
    {
    }

    private static MethodHandle downcall(final String name, final FunctionDescriptor descriptor,
        final Linker.Option... options)
    {
        return LINKER.downcallHandle(
            LIBRARY.find(name).orElseThrow(() -> new IllegalStateException(
                "symbol " + name + " missing from libportcullis.so: rebuild native/ (./mvnw -pl native compile)")),
            descriptor, options);
    }
}
