package io.portcullis.dataplane.ffm;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/** {@code struct pc_port_conf} of portcullis.h, laid out as jextract would; checked by NativeLayoutTest. */
final class PortConfLayout
{
    static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_LONG.withName("pool"),
        JAVA_SHORT.withName("rx_queues"),
        JAVA_SHORT.withName("tx_queues"),
        JAVA_SHORT.withName("rx_desc"),
        JAVA_SHORT.withName("tx_desc"),
        JAVA_INT.withName("flags"),
        JAVA_INT.withName("mtu")
    ).withName("pc_port_conf");

    static final int SIZE = (int)LAYOUT.byteSize();
    static final int POOL = offset("pool");
    static final int RX_QUEUES = offset("rx_queues");
    static final int TX_QUEUES = offset("tx_queues");
    static final int RX_DESC = offset("rx_desc");
    static final int TX_DESC = offset("tx_desc");
    static final int FLAGS = offset("flags");
    static final int MTU = offset("mtu");

    /** #define values of portcullis.h. */
    static final int PC_PORT_PROMISCUOUS = 0x01;

    private PortConfLayout()
    {
    }

    private static int offset(final String field)
    {
        return (int)LAYOUT.byteOffset(groupElement(field));
    }
}
