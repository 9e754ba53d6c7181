package io.portcullis.dataplane.esp;

import io.portcullis.dataplane.api.EspMode;
import io.portcullis.dataplane.api.EspSaConfig;
import io.portcullis.dataplane.api.SaExpiryListener;

/**
 * The dataplane's runtime record of one SA direction: compact, owned by one worker, with the
 * native key material, sequence state and lifetime counters. Built from an {@link EspSaConfig}.
 */
final class EspSa
{
    final int spi;
    final boolean inbound;
    final boolean tunnel;
    final long cryptoSa;
    final boolean aead;
    final boolean esn;
    final int ivLength;
    final int icvLength;
    final int blockSize;
    final int localAddress;
    final int remoteAddress;
    final boolean natT;
    final int natLocalPort;
    final int natRemotePort;
    final int natOriginalSource;
    final int natOriginalDestination;
    final ReplayWindow replayWindow;

    private final long softBytes;
    private final long hardBytes;
    private final long softPackets;
    private final long hardPackets;
    private long bytes;
    private long packets;
    private boolean softSignalled;
    boolean hardExpired;

    /** Outbound: the last sequence number sent (64 bits with ESN). */
    long sequence;
    /** Outbound tunnel mode: the outer header's Identification. */
    short ipId;

    EspSa(final EspSaConfig config, final long cryptoSa)
    {
        this.spi = config.spi();
        this.inbound = config.inbound();
        this.tunnel = config.mode() == EspMode.TUNNEL;
        this.cryptoSa = cryptoSa;
        this.aead = config.cipher().isAead();
        this.esn = config.extendedSequenceNumbers();
        this.ivLength = config.cipher().ivLength();
        this.icvLength = config.icvLength();
        this.blockSize = config.cipher().blockSize();
        this.localAddress = config.localAddress();
        this.remoteAddress = config.remoteAddress();
        this.natT = config.natT() != null;
        this.natLocalPort = natT ? config.natT().localPort() : 0;
        this.natRemotePort = natT ? config.natT().remotePort() : 0;
        this.natOriginalSource = natT ? config.natT().originalSourceAddress() : 0;
        this.natOriginalDestination = natT ? config.natT().originalDestinationAddress() : 0;
        this.replayWindow = inbound ? new ReplayWindow(config.replayWindow(), esn) : null;
        this.softBytes = config.lifetime().softBytes();
        this.hardBytes = config.lifetime().hardBytes();
        this.softPackets = config.lifetime().softPackets();
        this.hardPackets = config.lifetime().hardPackets();
    }

    long bytes()
    {
        return bytes;
    }

    long packets()
    {
        return packets;
    }

    /**
     * Counts one packet of {@code payloadBytes} against the lifetime (RFC 4301 §4.4.2.1) and
     * tells the listener when a limit is first crossed. A packet that crosses the hard limit
     * is still the last one processed.
     */
    void account(final int payloadBytes, final SaExpiryListener listener)
    {
        bytes += payloadBytes;
        packets++;
        if (!softSignalled)
        {
            if (softBytes != 0 && bytes >= softBytes)
            {
                softSignalled = true;
                listener.onSoftExpiry(spi, inbound, SaExpiryListener.Limit.BYTES);
            }
            else if (softPackets != 0 && packets >= softPackets)
            {
                softSignalled = true;
                listener.onSoftExpiry(spi, inbound, SaExpiryListener.Limit.PACKETS);
            }
        }
        if (!hardExpired)
        {
            if (hardBytes != 0 && bytes >= hardBytes)
            {
                expire(listener, SaExpiryListener.Limit.BYTES);
            }
            else if (hardPackets != 0 && packets >= hardPackets)
            {
                expire(listener, SaExpiryListener.Limit.PACKETS);
            }
        }
    }

    void expire(final SaExpiryListener listener, final SaExpiryListener.Limit limit)
    {
        if (!hardExpired)
        {
            hardExpired = true;
            listener.onHardExpiry(spi, inbound, limit);
        }
    }
}
