package io.portcullis.dataplane.esp;

/**
 * ESP packet layout (RFC 4303 §2) and NAT-T UDP encapsulation (RFC 3948 §2).
 * <pre>
 *  [IPv4 header][UDP 4500 header, NAT-T only]
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ ----
 * |               Security Parameters Index (SPI)                 | ^Int.
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ |Cov-
 * |                      Sequence Number                          | |ered
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ | ----
 * |                    IV (8 or 16 bytes)                         | |   ^
 * |                    Payload Data (variable)                    | |   |
 * ~                                                               ~ | Conf.
 * +               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ | Cov-
 * |               |     Padding (0-255 bytes)                     | |ered*
 * +-+-+-+-+-+-+-+-+               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ |   |
 * |                               |  Pad Length   | Next Header   | v   v
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ ------
 * |         Integrity Check Value (ICV, 12 or 16 bytes)           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
final class EspDescriptor
{
    static final int SPI = 0;
    static final int SEQUENCE_NUMBER = 4;
    static final int HEADER_LENGTH = 8;
    /** Pad Length and Next Header. */
    static final int TRAILER_LENGTH = 2;

    static final int UDP_LENGTH = 8;
    static final int UDP_SOURCE_PORT = 0;
    static final int UDP_DESTINATION_PORT = 2;
    static final int UDP_LENGTH_FIELD = 4;
    static final int UDP_CHECKSUM = 6;

    /** RFC 3948 §2.2: four zero bytes where an SPI would be mark an IKE message on port 4500. */
    static final int NON_ESP_MARKER = 0;
    /** RFC 3948 §2.3: a NAT-keepalive is one 0xFF byte. */
    static final byte NATT_KEEPALIVE = (byte)0xFF;

    private EspDescriptor()
    {
    }
}
