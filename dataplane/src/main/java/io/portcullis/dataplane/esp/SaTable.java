package io.portcullis.dataplane.esp;

import java.util.Arrays;

import io.portcullis.dataplane.api.EspSaConfig;
import io.portcullis.dataplane.ffm.CryptoOpLayout;
import io.portcullis.dataplane.ffm.IpsecMb;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * One worker's SAs: inbound ones by SPI, outbound ones by a dense handle that routes and
 * sessions refer to. Adding and removing happen between bursts on the worker's thread.
 */
public final class SaTable implements AutoCloseable
{
    /** Outbound handles index an array: keep them dense (the control plane reuses freed ones). */
    public static final int MAX_OUTBOUND_HANDLE = 1 << 20;

    private final IpsecMb ipsecMb;
    private final Int2ObjectHashMap<EspSa> inbound = new Int2ObjectHashMap<>();
    private EspSa[] outbound = new EspSa[64];
    private long outboundVersion;

    public SaTable(final IpsecMb ipsecMb)
    {
        this.ipsecMb = ipsecMb;
    }

    /** Installs an inbound SA; its SPI must be new. */
    public void addInbound(final EspSaConfig config)
    {
        if (!config.inbound())
        {
            throw new IllegalArgumentException("not an inbound SA: " + config);
        }
        if (inbound.containsKey(config.spi()))
        {
            throw new IllegalArgumentException("SPI already installed: 0x" + Integer.toHexString(config.spi()));
        }
        inbound.put(config.spi(), new EspSa(config, createCrypto(config)));
    }

    public boolean removeInbound(final int spi)
    {
        final EspSa sa = inbound.remove(spi);
        if (sa != null)
        {
            ipsecMb.freeSa(sa.cryptoSa);
            return true;
        }
        return false;
    }

    /** Installs an outbound SA under the lowest free handle and returns it. */
    public int addOutbound(final EspSaConfig config)
    {
        int handle = 1;  // 0 means "no SA"
        while (handle < outbound.length && outbound[handle] != null)
        {
            handle++;
        }
        addOutbound(handle, config);
        return handle;
    }

    /**
     * Installs an outbound SA under a handle the control plane chose (the handle that its
     * sessions and routes refer to). Handles are small positive ints; the table grows to fit.
     */
    public void addOutbound(final int handle, final EspSaConfig config)
    {
        if (config.inbound())
        {
            throw new IllegalArgumentException("not an outbound SA: " + config);
        }
        if (handle <= 0 || handle > MAX_OUTBOUND_HANDLE)
        {
            throw new IllegalArgumentException("outbound SA handle out of range 1.." + MAX_OUTBOUND_HANDLE + ": " + handle);
        }
        if (handle >= outbound.length)
        {
            outbound = Arrays.copyOf(outbound, Math.max(outbound.length * 2, Integer.highestOneBit(handle) << 1));
        }
        // A handle in use is a rekey: the successor takes over between two bursts, no packet
        // leaves without an SA, and the sessions that name the handle follow it.
        final EspSa replaced = outbound[handle];
        outbound[handle] = new EspSa(config, createCrypto(config));
        outboundVersion++;
        if (replaced != null)
        {
            ipsecMb.freeSa(replaced.cryptoSa);
        }
    }

    public boolean removeOutbound(final int handle)
    {
        final EspSa sa = outbound(handle);
        return sa != null && removeOutbound(handle, sa.spi);
    }

    /**
     * Removes the outbound SA under {@code handle} only if it is still the one with {@code spi}:
     * after a rekey installed its successor under the same handle, removing the old SA must not
     * take the new one with it (then there is nothing to do, and that is no error). {@code spi} 0
     * (reserved, RFC 4303 §2.1) removes whatever is installed. Returns false only when no SA is
     * installed under {@code handle}.
     */
    public boolean removeOutbound(final int handle, final int spi)
    {
        final EspSa sa = outbound(handle);
        if (sa != null && (sa.spi == spi || spi == 0))
        {
            outbound[handle] = null;
            outboundVersion++;
            ipsecMb.freeSa(sa.cryptoSa);
        }
        return sa != null;
    }

    /** Goes up with every outbound SA installed, replaced or removed (see RouteTable#version). */
    public long outboundVersion()
    {
        return outboundVersion;
    }

    /** Bytes and packets an SA has processed, for accounting: {bytes, packets}, or null. */
    public long[] usage(final int spiOrHandle, final boolean isInbound)
    {
        final EspSa sa = isInbound ? inbound.get(spiOrHandle) : outbound(spiOrHandle);
        return sa == null ? null : new long[] {sa.bytes(), sa.packets()};
    }

    EspSa inbound(final int spi)
    {
        return inbound.get(spi);
    }

    EspSa outbound(final int handle)
    {
        return handle > 0 && handle < outbound.length ? outbound[handle] : null;
    }

    @Override
    public void close()
    {
        inbound.values().forEach(sa -> ipsecMb.freeSa(sa.cryptoSa));
        inbound.clear();
        for (int i = 0; i < outbound.length; i++)
        {
            if (outbound[i] != null)
            {
                ipsecMb.freeSa(outbound[i].cryptoSa);
                outbound[i] = null;
            }
        }
    }

    private long createCrypto(final EspSaConfig config)
    {
        final int cipher = switch (config.cipher())
        {
            case NULL -> CryptoOpLayout.PC_CIPHER_NULL;
            case AES_CBC -> CryptoOpLayout.PC_CIPHER_AES_CBC;
            case AES_GCM_16 -> CryptoOpLayout.PC_CIPHER_AES_GCM;
            case DES3_CBC -> CryptoOpLayout.PC_CIPHER_DES3_CBC;
        };
        final int integrity = switch (config.integrity())
        {
            case NONE -> CryptoOpLayout.PC_INTEG_NONE;
            case HMAC_SHA1_96 -> CryptoOpLayout.PC_INTEG_HMAC_SHA1;
            case HMAC_SHA256_128, HMAC_SHA256_96 -> CryptoOpLayout.PC_INTEG_HMAC_SHA256;
        };
        return ipsecMb.createSa(cipher, config.cipherKey(), integrity, config.integrityKey(), config.icvLength());
    }
}
