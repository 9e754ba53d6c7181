package io.portcullis.controlplane.l2tp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;

import io.portcullis.controlplane.runtime.Scheduler;
import io.portcullis.dataplane.api.ControlPacketListener;
import io.portcullis.dataplane.api.DataplaneCommands;

/**
 * L2TP over a plain UDP socket, without the dataplane: for interoperability tests and a
 * standalone LNS. Sends what an {@link L2tpEndpoint} gives it; a reader thread hands each
 * datagram received to the endpoint on its scheduler, as the dataplane's punt path would
 * (inbound SPI 0: in clear). ESP handles other than {@link DataplaneCommands#NO_SA} are refused:
 * a socket cannot encrypt.
 */
public final class UdpL2tpSocket implements L2tpTransport, AutoCloseable
{
    private static final int MAX_DATAGRAM = 65_535;

    private final DatagramChannel channel;
    private final int localAddress;
    private final int localPort;
    private Thread reader;

    private UdpL2tpSocket(final DatagramChannel channel, final int localAddress, final int localPort)
    {
        this.channel = channel;
        this.localAddress = localAddress;
        this.localPort = localPort;
    }

    /** Binds {@code localAddress:localPort} (IPv4 in host order). */
    public static UdpL2tpSocket bind(final int localAddress, final int localPort) throws IOException
    {
        final DatagramChannel channel = DatagramChannel.open();
        channel.bind(new InetSocketAddress(inet(localAddress), localPort));
        return new UdpL2tpSocket(channel, localAddress, localPort);
    }

    /** Starts delivering datagrams to {@code listener}, each one run on {@code loop}. */
    public void start(final Scheduler loop, final ControlPacketListener listener)
    {
        reader = Thread.ofPlatform().daemon().name("l2tp-udp-" + localPort).start(() -> readLoop(loop, listener));
    }

    private void readLoop(final Scheduler loop, final ControlPacketListener listener)
    {
        final ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
        while (channel.isOpen())
        {
            try
            {
                buffer.clear();
                final InetSocketAddress from = (InetSocketAddress)channel.receive(buffer);
                buffer.flip();
                final byte[] copy = new byte[buffer.remaining()];
                buffer.get(copy);
                final int remoteAddress = address(from.getAddress());
                final long arrivalNs = System.nanoTime();
                loop.execute(() -> listener.onDatagram(localAddress, localPort, remoteAddress, from.getPort(),
                    ByteBuffer.wrap(copy), 0, arrivalNs));
            }
            catch (final ClosedChannelException ex)
            {
                return;
            }
            catch (final IOException ex)
            {
                System.getLogger(UdpL2tpSocket.class.getName()).log(System.Logger.Level.WARNING,
                    "L2TP socket receive failed: " + ex.getMessage());
            }
        }
    }

    @Override
    public void send(final int fromAddress, final int fromPort, final int remoteAddress, final int remotePort,
        final ByteBuffer payload, final int espSaHandle)
    {
        if (espSaHandle != DataplaneCommands.NO_SA)
        {
            throw new IllegalStateException("a plain UDP socket cannot send through ESP SA " + espSaHandle);
        }
        try
        {
            channel.send(payload, new InetSocketAddress(inet(remoteAddress), remotePort));
        }
        catch (final IOException ex)
        {
            System.getLogger(UdpL2tpSocket.class.getName()).log(System.Logger.Level.WARNING,
                "L2TP socket send failed: " + ex.getMessage());
        }
    }

    @Override
    public void close() throws IOException
    {
        channel.close();
        if (reader != null)
        {
            try
            {
                reader.join(1_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    static InetAddress inet(final int address)
    {
        try
        {
            return InetAddress.getByAddress(new byte[] {(byte)(address >>> 24), (byte)(address >>> 16),
                (byte)(address >>> 8), (byte)address});
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalArgumentException("four octets are always an address", ex);
        }
    }

    static int address(final InetAddress address)
    {
        final byte[] b = address.getAddress();
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | b[3] & 0xFF;
    }
}
