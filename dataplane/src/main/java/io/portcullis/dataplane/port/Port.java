package io.portcullis.dataplane.port;

import io.portcullis.dataplane.packet.PacketVector;

/**
 * One worker's view of a network port: one RX and one TX queue, and the buffers behind them.
 * Owned by one thread; nothing here allocates, locks or blocks. Packets carry their buffer's
 * handle ({@link PacketVector#mbuf(int)}) so the port that receives or allocates a buffer is
 * the one that frees or sends it; ports of one kind may pass packets to each other (a DPDK port
 * to any DPDK port), ports of different kinds may not.
 */
public interface Port
{
    /**
     * Appends received packets to the vector, at most its free room; each starts with
     * {@code next} = {@link PacketVector#NEXT_FORWARD}. Returns how many were appended.
     */
    int receive(PacketVector vector);

    /**
     * Sends every packet whose {@code next} is {@link PacketVector#NEXT_FORWARD}, in order, and frees
     * every other one (dropped, consumed, or punted and already copied out). Afterwards the vector is
     * empty and owns nothing. Packets the queue cannot take are freed and counted
     * ({@link PortStats#txDropped()}). Returns how many were sent.
     */
    int transmit(PacketVector vector);

    /**
     * Appends {@code count} empty packets (offset at the buffer's headroom, length 0), all or none:
     * returns {@code count}, or 0 when the buffers ran out or the vector has no room.
     */
    int allocate(PacketVector vector, int count);

    PortStats stats();
}
