package io.portcullis.dataplane.ffm;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/** {@code struct pc_port_info} of portcullis.h, laid out as jextract would; checked by NativeLayoutTest. */
final class PortInfoLayout
{
    static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_LONG.withName("rss_hf"),
        JAVA_INT.withName("socket_id"),
        JAVA_INT.withName("mtu"),
        JAVA_SHORT.withName("port_id"),
        JAVA_SHORT.withName("rx_queues"),
        JAVA_SHORT.withName("tx_queues"),
        JAVA_SHORT.withName("rx_desc"),
        JAVA_SHORT.withName("tx_desc"),
        MemoryLayout.sequenceLayout(6, JAVA_BYTE).withName("mac"),
        MemoryLayout.sequenceLayout(32, JAVA_BYTE).withName("driver")
    ).withName("pc_port_info");

    static final int SIZE = (int)LAYOUT.byteSize();
    static final int RSS_HF = offset("rss_hf");
    static final int SOCKET_ID = offset("socket_id");
    static final int MTU = offset("mtu");
    static final int PORT_ID = offset("port_id");
    static final int RX_QUEUES = offset("rx_queues");
    static final int TX_QUEUES = offset("tx_queues");
    static final int RX_DESC = offset("rx_desc");
    static final int TX_DESC = offset("tx_desc");
    static final int MAC = offset("mac");
    static final int DRIVER = offset("driver");

    private PortInfoLayout()
    {
    }

    private static int offset(final String field)
    {
        return (int)LAYOUT.byteOffset(groupElement(field));
    }
}
