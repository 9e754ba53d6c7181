package io.portcullis.dataplane.ffm;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code struct pc_pkt} of portcullis.h (one packet of a DPDK burst), laid out as jextract would.
 * NativeLayoutTest compares every offset here with what the C compiler says.
 */
public final class PktLayout
{
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_LONG.withName("mbuf"),
        JAVA_LONG.withName("buf_addr"),
        JAVA_SHORT.withName("data_off"),
        JAVA_SHORT.withName("data_len"),
        JAVA_SHORT.withName("buf_len"),
        JAVA_SHORT.withName("nb_segs"),
        JAVA_INT.withName("pkt_len"),
        JAVA_INT.withName("rss_hash")
    ).withName("pc_pkt");

    public static final int SIZE = (int)LAYOUT.byteSize();
    public static final int MBUF = offset("mbuf");
    public static final int BUF_ADDR = offset("buf_addr");
    public static final int DATA_OFF = offset("data_off");
    public static final int DATA_LEN = offset("data_len");
    public static final int BUF_LEN = offset("buf_len");
    public static final int NB_SEGS = offset("nb_segs");
    public static final int PKT_LEN = offset("pkt_len");
    public static final int RSS_HASH = offset("rss_hash");

    /** #define values of portcullis.h. */
    public static final int PC_BURST_MAX = 256;

    private PktLayout()
    {
    }

    private static int offset(final String field)
    {
        return (int)LAYOUT.byteOffset(groupElement(field));
    }
}
