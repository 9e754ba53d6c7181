package io.portcullis.dataplane.worker;

import java.util.List;

import io.portcullis.dataplane.ethernet.NeighbourCache;
import io.portcullis.dataplane.l2tp.L2tpSession;
import io.portcullis.dataplane.l2tp.SessionTable;
import io.portcullis.dataplane.packet.PacketVector;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import static io.portcullis.dataplane.worker.HandoffDescriptor.*;

/**
 * One worker's end of the hand-off rings: it writes packets whose outbound SA another worker
 * owns ({@link SaOwnership}) to that worker's many-to-one ring, and reads the packets the
 * others hand it from its own. Never blocks: a full ring drops the packet, counted. The same
 * rings carry what ARP teaches one worker to the others ({@link #shareNeighbours}).
 */
public final class Handoff implements MessageHandler
{
    private final int index;
    private final RingBuffer own;
    private final List<RingBuffer> rings;
    private final SessionTable sessions;
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[MESSAGE_LENGTH]);
    private PacketVector into;
    private NeighbourCache neighbours;
    private long neighboursLost;

    /**
     * @param index    this worker's index in {@code rings}.
     * @param rings    every worker's hand-off ring, by worker index.
     * @param sessions this worker's session table, to find a session's SA.
     */
    public Handoff(final int index, final List<RingBuffer> rings, final SessionTable sessions)
    {
        this.index = index;
        this.own = rings.get(index);
        this.rings = List.copyOf(rings);
        this.sessions = sessions;
    }

    /**
     * Shares this worker's ARP learning with the others: what {@code cache} learns goes to
     * every other worker's ring, and what they learnt goes into {@code cache}.
     */
    public void shareNeighbours(final NeighbourCache cache)
    {
        this.neighbours = cache;
        cache.listener(this::tellOthers);
    }

    /** Neighbour updates that a full ring could not take (that worker will ARP for itself). */
    public long neighboursLost()
    {
        return neighboursLost;
    }

    private void tellOthers(final int address, final long mac)
    {
        scratch.putInt(NEIGHBOUR_ADDRESS, address);
        scratch.putInt(NEIGHBOUR_ADDRESS + 4, 0);
        scratch.putLong(NEIGHBOUR_MAC, mac);
        for (int w = 0; w < rings.size(); w++)
        {
            if (w != index && !rings.get(w).write(NEIGHBOUR, scratch, 0, NEIGHBOUR_LENGTH))
            {
                neighboursLost++;
            }
        }
    }

    public int workers()
    {
        return rings.size();
    }

    /** The worker that must encapsulate packets of this session, or -1 if the session is gone. */
    public int owner(final int session)
    {
        final L2tpSession s = sessions.session(session);
        return s == null ? -1 : SaOwnership.owner(s.espSaHandle(), rings.size());
    }

    public boolean isSelf(final int worker)
    {
        return worker == index;
    }

    /** Writes packet {@code i} to worker {@code to}'s ring; false if the ring is full. */
    public boolean handTo(final int to, final PacketVector vector, final int i)
    {
        scratch.putLong(MBUF, vector.mbuf(i));
        scratch.putLong(BUFFER_ADDRESS, vector.bufferAddress(i));
        scratch.putInt(BUFFER_CAPACITY, vector.bufferCapacity(i));
        scratch.putInt(OFFSET, vector.offset(i));
        scratch.putInt(LENGTH, vector.length(i));
        scratch.putInt(LENGTH + 4, 0);
        return rings.get(to).write(PACKET, scratch, 0, MESSAGE_LENGTH);
    }

    /** Appends the packets handed to this worker, at most the vector's free room. */
    public int receive(final PacketVector vector)
    {
        final int room = PacketVector.MAX_SIZE - vector.size();
        if (room == 0)
        {
            return 0;
        }
        into = vector;
        final int read = own.read(this, room);
        into = null;
        return read;
    }

    @Override
    public void onMessage(final int type, final MutableDirectBuffer buffer, final int index, final int length)
    {
        if (type == NEIGHBOUR && length >= NEIGHBOUR_LENGTH && neighbours != null)
        {
            neighbours.learnFromPeer(buffer.getInt(index + NEIGHBOUR_ADDRESS), buffer.getLong(index + NEIGHBOUR_MAC));
        }
        else if (type == PACKET && length >= MESSAGE_LENGTH)
        {
            into.add(buffer.getLong(index + MBUF), buffer.getLong(index + BUFFER_ADDRESS),
                buffer.getInt(index + BUFFER_CAPACITY), buffer.getInt(index + OFFSET), buffer.getInt(index + LENGTH));
        }
    }
}
