package io.portcullis.dataplane.ffm;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** {@code struct pc_port_link} of portcullis.h, laid out as jextract would; checked by NativeLayoutTest. */
final class PortLinkLayout
{
    static final StructLayout LAYOUT = MemoryLayout.structLayout(
        JAVA_INT.withName("speed_mbps"),
        JAVA_BYTE.withName("up"),
        JAVA_BYTE.withName("full_duplex"),
        JAVA_BYTE.withName("autoneg"),
        JAVA_BYTE.withName("reserved")
    ).withName("pc_port_link");

    static final int SIZE = (int)LAYOUT.byteSize();
    static final int SPEED_MBPS = offset("speed_mbps");
    static final int UP = offset("up");
    static final int FULL_DUPLEX = offset("full_duplex");
    static final int AUTONEG = offset("autoneg");
    static final int RESERVED = offset("reserved");

    private PortLinkLayout()
    {
    }

    private static int offset(final String field)
    {
        return (int)LAYOUT.byteOffset(groupElement(field));
    }
}
