package io.portcullis.dataplane.ffm;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct pc_port_stats} of portcullis.h, laid out as jextract would; checked by NativeLayoutTest. */
final class PortStatsLayout
{
    static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_LONG.withName("ipackets"),
        JAVA_LONG.withName("opackets"),
        JAVA_LONG.withName("ibytes"),
        JAVA_LONG.withName("obytes"),
        JAVA_LONG.withName("imissed"),
        JAVA_LONG.withName("ierrors"),
        JAVA_LONG.withName("oerrors"),
        JAVA_LONG.withName("rx_nombuf")
    ).withName("pc_port_stats");

    static final int SIZE = (int)LAYOUT.byteSize();
    static final int IPACKETS = offset("ipackets");
    static final int OPACKETS = offset("opackets");
    static final int IBYTES = offset("ibytes");
    static final int OBYTES = offset("obytes");
    static final int IMISSED = offset("imissed");
    static final int IERRORS = offset("ierrors");
    static final int OERRORS = offset("oerrors");
    static final int RX_NOMBUF = offset("rx_nombuf");

    private PortStatsLayout()
    {
    }

    private static int offset(final String field)
    {
        return (int)LAYOUT.byteOffset(groupElement(field));
    }
}
