package io.portcullis.dataplane.ffm;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The downcall handles of {@code native/include/portcullis.h}, in jextract's style: one
 * static final handle per function. Pointers the fast path passes are {@code JAVA_LONG}
 * addresses (x86-64 passes both the same way), so a call allocates no MemorySegment.
 * Set-up calls take strings and structs as segments; {@code uint16_t} is {@code JAVA_SHORT}.
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

    /** uint32_t pc_ones_complement_sum(const uint8_t *data, uint32_t length): short, so a critical call. */
    static final MethodHandle PC_ONES_COMPLEMENT_SUM = downcall("pc_ones_complement_sum",
        FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT), Linker.Option.critical(false));

    // ---------------------------------------------------------------- DPDK: set-up

    /** int pc_eal_init(int argc, char **argv, char *err, uint32_t err_len). */
    static final MethodHandle PC_EAL_INIT = downcall("pc_eal_init",
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));

    /** int32_t pc_lcore_id(void). */
    static final MethodHandle PC_LCORE_ID = downcall("pc_lcore_id",
        FunctionDescriptor.of(JAVA_INT));

    /** int32_t pc_thread_register(void). */
    static final MethodHandle PC_THREAD_REGISTER = downcall("pc_thread_register",
        FunctionDescriptor.of(JAVA_INT));

    /** void pc_thread_unregister(void). */
    static final MethodHandle PC_THREAD_UNREGISTER = downcall("pc_thread_unregister",
        FunctionDescriptor.ofVoid());

    /** int pc_thread_pin(uint32_t cpu). */
    static final MethodHandle PC_THREAD_PIN = downcall("pc_thread_pin",
        FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    /** void *pc_pktmbuf_pool_create(name, n, cache_size, uint16_t data_room_size, socket_id, err, err_len). */
    static final MethodHandle PC_PKTMBUF_POOL_CREATE = downcall("pc_pktmbuf_pool_create",
        FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_INT, JAVA_INT, JAVA_SHORT, JAVA_INT, ADDRESS, JAVA_INT));

    /** void pc_mempool_free(void *pool). */
    static final MethodHandle PC_MEMPOOL_FREE = downcall("pc_mempool_free",
        FunctionDescriptor.ofVoid(JAVA_LONG));

    /** uint32_t pc_mempool_avail(const void *pool). */
    static final MethodHandle PC_MEMPOOL_AVAIL = downcall("pc_mempool_avail",
        FunctionDescriptor.of(JAVA_INT, JAVA_LONG));

    /** uint32_t pc_mempool_in_use(const void *pool). */
    static final MethodHandle PC_MEMPOOL_IN_USE = downcall("pc_mempool_in_use",
        FunctionDescriptor.of(JAVA_INT, JAVA_LONG));

    /** int pc_port_open(const char *devargs, const pc_port_conf *conf, pc_port_info *info, char *err, uint32_t err_len). */
    static final MethodHandle PC_PORT_OPEN = downcall("pc_port_open",
        FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT));

    /** int pc_port_start(uint16_t port, char *err, uint32_t err_len). */
    static final MethodHandle PC_PORT_START = downcall("pc_port_start",
        FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS, JAVA_INT));

    /** int pc_port_stop(uint16_t port). */
    static final MethodHandle PC_PORT_STOP = downcall("pc_port_stop",
        FunctionDescriptor.of(JAVA_INT, JAVA_SHORT));

    /** int pc_port_close(uint16_t port). */
    static final MethodHandle PC_PORT_CLOSE = downcall("pc_port_close",
        FunctionDescriptor.of(JAVA_INT, JAVA_SHORT));

    /** int pc_port_stats_get(uint16_t port, pc_port_stats *stats). */
    static final MethodHandle PC_PORT_STATS_GET = downcall("pc_port_stats_get",
        FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS));

    /** int pc_port_stats_reset(uint16_t port). */
    static final MethodHandle PC_PORT_STATS_RESET = downcall("pc_port_stats_reset",
        FunctionDescriptor.of(JAVA_INT, JAVA_SHORT));

    /** int pc_port_link_get(uint16_t port, pc_port_link *link). */
    static final MethodHandle PC_PORT_LINK_GET = downcall("pc_port_link_get",
        FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, ADDRESS));

    // ---------------------------------------------------------------- DPDK: bursts (short: critical calls)

    /** uint16_t pc_rx_burst(uint16_t port, uint16_t queue, pc_pkt *pkts, uint16_t n). */
    static final MethodHandle PC_RX_BURST = downcall("pc_rx_burst",
        FunctionDescriptor.of(JAVA_SHORT, JAVA_SHORT, JAVA_SHORT, JAVA_LONG, JAVA_SHORT), Linker.Option.critical(false));

    /** uint16_t pc_tx_burst(uint16_t port, uint16_t queue, const pc_pkt *pkts, uint16_t n). */
    static final MethodHandle PC_TX_BURST = downcall("pc_tx_burst",
        FunctionDescriptor.of(JAVA_SHORT, JAVA_SHORT, JAVA_SHORT, JAVA_LONG, JAVA_SHORT), Linker.Option.critical(false));

    /** uint32_t pc_mbuf_alloc_bulk(void *pool, pc_pkt *pkts, uint32_t n). */
    static final MethodHandle PC_MBUF_ALLOC_BULK = downcall("pc_mbuf_alloc_bulk",
        FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT), Linker.Option.critical(false));

    /** void pc_mbuf_free_bulk(uint64_t *mbufs, uint32_t n). */
    static final MethodHandle PC_MBUF_FREE_BULK = downcall("pc_mbuf_free_bulk",
        FunctionDescriptor.ofVoid(JAVA_LONG, JAVA_INT), Linker.Option.critical(false));

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
