package io.portcullis.dataplane.worker;

/**
 * A packet handed from one worker to the worker that owns its outbound SA (VPP's hand-off):
 * only the buffer's description crosses, the buffer itself stays where it is.
 * <pre>
 * mbuf:long bufferAddress:long bufferCapacity:int offset:int length:int pad:int
 * </pre>
 * The receiving worker looks the packet's destination up in its own route table again (session
 * handles are per worker), so nothing else needs to travel.
 * <pre>
 * NEIGHBOUR   address:int pad:int mac:long
 * </pre>
 * What ARP taught one worker (replies reach one RX queue only), for every other worker's cache.
 */
final class HandoffDescriptor
{
    static final int PACKET = 1;
    static final int NEIGHBOUR = 2;

    static final int NEIGHBOUR_ADDRESS = 0;
    static final int NEIGHBOUR_MAC = 8;
    static final int NEIGHBOUR_LENGTH = 16;

    static final int MBUF = 0;
    static final int BUFFER_ADDRESS = 8;
    static final int BUFFER_CAPACITY = 16;
    static final int OFFSET = 20;
    static final int LENGTH = 24;
    static final int MESSAGE_LENGTH = 32;

    private HandoffDescriptor()
    {
    }
}
