package io.portcullis.controlplane.ike;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ClosedSelectorException;

/**
 * IKE over the host's own UDP sockets on ports 500 and 4500 of one address: for tests against
 * real peers (strongSwan) and for running without a dataplane. Received datagrams go to an
 * {@link IkeService} with the non-ESP marker removed (RFC 3948 §2.2); ESP on 4500 goes to the
 * {@link EspReceiver} if one is given (a software client's ESP-in-UDP, RFC 3948 §2.1), else is ignored.
 */
public final class DatagramChannelTransport implements IkeTransport, AutoCloseable
{
    /** Where ESP-in-UDP that arrives on port 4500 goes, on the receiving thread. */
    @FunctionalInterface
    public interface EspReceiver
    {
        /** {@code esp} starts at the SPI (the UDP header is gone) and is valid only during the call. */
        void onEsp(int remoteAddress, int remotePort, ByteBuffer esp);
    }

    private final int address;
    private final DatagramChannel ike;
    private final DatagramChannel natT;
    private final Selector selector;
    private Thread receiver;
    private volatile EspReceiver espReceiver;

    public DatagramChannelTransport(final int address) throws IOException
    {
        this.address = address;
        final InetAddress inet = InetAddress.getByAddress(java.nio.ByteBuffer.allocate(4).putInt(address).array());
        ike = DatagramChannel.open().bind(new InetSocketAddress(inet, Endpoint.IKE_PORT));
        natT = DatagramChannel.open().bind(new InetSocketAddress(inet, Endpoint.NAT_T_PORT));
        selector = Selector.open();
        ike.configureBlocking(false).register(selector, SelectionKey.OP_READ, Endpoint.IKE_PORT);
        natT.configureBlocking(false).register(selector, SelectionKey.OP_READ, Endpoint.NAT_T_PORT);
    }

    @Override
    public void send(final Endpoint endpoint, final byte[] message)
    {
        final boolean floated = endpoint.localPort() == Endpoint.NAT_T_PORT;
        transmit(endpoint, floated, floated ? IkeTransport.withNonEspMarker(message) : message);
    }

    @Override
    public void sendNatKeepalive(final Endpoint endpoint)
    {
        transmit(endpoint, true, NAT_KEEPALIVE);
    }

    private void transmit(final Endpoint endpoint, final boolean floated, final byte[] payload)
    {
        try
        {
            final InetAddress to = InetAddress.getByAddress(ByteBuffer.allocate(4).putInt(endpoint.remoteAddress()).array());
            (floated ? natT : ike).send(ByteBuffer.wrap(payload), new InetSocketAddress(to, endpoint.remotePort()));
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("sending IKE to " + endpoint, e);
        }
    }

    /** ESP-in-UDP on port 4500 goes to {@code receiver} from now on. */
    public void receiveEsp(final EspReceiver receiver)
    {
        espReceiver = receiver;
    }

    /** Sends ESP-in-UDP (RFC 3948 §2.1: the ESP header right after the UDP header) from port 4500. */
    public void sendEsp(final int remoteAddress, final int remotePort, final ByteBuffer esp)
    {
        try
        {
            final InetAddress to = InetAddress.getByAddress(ByteBuffer.allocate(4).putInt(remoteAddress).array());
            natT.send(esp, new InetSocketAddress(to, remotePort));
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("sending ESP to " + Endpoint.address(remoteAddress), e);
        }
    }

    /** Starts a thread that hands every IKE datagram to {@code service}. */
    public void startReceiving(final IkeService service)
    {
        receiver = Thread.ofPlatform().daemon().name("ike-udp").start(() -> receive(service));
    }

    private void receive(final IkeService service)
    {
        final ByteBuffer buffer = ByteBuffer.allocate(65_536);
        try
        {
            while (selector.isOpen())
            {
                selector.select();
                for (final SelectionKey key : selector.selectedKeys())
                {
                    final int port = (Integer) key.attachment();
                    buffer.clear();
                    final InetSocketAddress from = (InetSocketAddress) ((DatagramChannel) key.channel()).receive(buffer);
                    if (from != null && from.getAddress() instanceof Inet4Address source)
                    {
                        deliver(service, port, ByteBuffer.wrap(source.getAddress()).getInt(), from.getPort(),
                            buffer.flip());
                    }
                }
                selector.selectedKeys().clear();
            }
        }
        catch (final ClosedChannelException | ClosedSelectorException e)
        {
            // closed: stop
        }
        catch (final IOException e)
        {
            System.getLogger(DatagramChannelTransport.class.getName()).log(System.Logger.Level.WARNING,
                "IKE socket failed", e);
        }
    }

    private void deliver(final IkeService service, final int port, final int remote, final int remotePort,
        final ByteBuffer datagram)
    {
        if (port == Endpoint.NAT_T_PORT)
        {
            // RFC 3948 §2.2: a zero "SPI" marks IKE; anything else on 4500 is ESP, and a lone 0xff a keepalive.
            if (datagram.remaining() < 4 || datagram.getInt(datagram.position()) != 0)
            {
                final EspReceiver esp = espReceiver;
                if (esp != null && datagram.remaining() > 4)
                {
                    esp.onEsp(remote, remotePort, datagram);
                }
                return;
            }
            datagram.position(datagram.position() + 4);
        }
        service.onDatagram(address, port, remote, remotePort, datagram);
    }

    @Override
    public void close() throws IOException
    {
        selector.close();
        ike.close();
        natT.close();
        if (receiver != null)
        {
            try
            {
                receiver.join(2_000);
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
        }
    }
}
