package io.portcullis.dataplane.esp.oracle;

import java.util.HexFormat;

import io.portcullis.dataplane.api.EspMode;
import io.portcullis.dataplane.api.EspSaConfig;
import io.portcullis.dataplane.esp.Transforms;

/**
 * One SA of an oracle test: a transform with its fixed keys, a mode, ESN and NAT-T on or off.
 * The oracle gets it as an {@code sa} line (format in dataplane/src/test/python/esp_oracle.py).
 *
 * @param cipherKey    the key the oracle uses: the transform's, or a wrong one on purpose.
 * @param integrityKey likewise.
 */
record OracleSa(
    String name, Transforms transform, EspMode mode, boolean esn, boolean natT, int spi, byte[] cipherKey,
    byte[] integrityKey)
{
    static final int NATT_PORT = EspSaConfig.NatT.IKE_NATT_PORT;

    static OracleSa of(final Transforms transform, final EspMode mode, final boolean esn, final boolean natT,
        final int spi)
    {
        final String name = transform + "/" + mode + (natT ? "/nat-t" : "") + (esn ? "/esn" : "");
        return new OracleSa(name, transform, mode, esn, natT, spi, transform.cipherKey(), transform.integrityKey());
    }

    /** The same SA under another name and SPI, e.g. for a deliberately broken packet. */
    OracleSa renamed(final String newName, final int newSpi)
    {
        return new OracleSa(newName, transform, mode, esn, natT, newSpi, cipherKey, integrityKey);
    }

    /** The oracle keeps the SPI but gets a key one bit off: the integrity key, or with AES-GCM the cipher key. */
    OracleSa withWrongKey()
    {
        final byte[] cipher = cipherKey.clone();
        final byte[] integrity = integrityKey.clone();
        if (integrity.length > 0)
        {
            integrity[0] ^= 1;
        }
        else
        {
            cipher[0] ^= 1;
        }
        return new OracleSa(name + "/wrong-key", transform, mode, esn, natT, spi, cipher, integrity);
    }

    /** Portcullis's side of the SA, with the transform's keys. */
    EspSaConfig config(final boolean inbound, final String local, final String remote, final EspSaConfig.NatT udp)
    {
        return transform.sa(spi, inbound, mode, esn, local, remote, udp);
    }

    /** Plain RFC 3948 encapsulation on port 4500 both ways, or null. */
    EspSaConfig.NatT natPorts()
    {
        return natT ? new EspSaConfig.NatT(NATT_PORT, NATT_PORT, 0, 0) : null;
    }

    /** The oracle's {@code sa} line; tunnel endpoints as the packets carry them (source first). */
    String line(final String tunnelSource, final String tunnelDestination)
    {
        final HexFormat hex = HexFormat.of();
        final boolean tunnel = mode == EspMode.TUNNEL;
        return String.join(" ", "sa", name, transform.name(), mode.name(), Integer.toHexString(spi),
            hex.formatHex(cipherKey), integrityKey.length == 0 ? "-" : hex.formatHex(integrityKey),
            tunnel ? tunnelSource : "-", tunnel ? tunnelDestination : "-",
            natT ? NATT_PORT + ":" + NATT_PORT : "-", esn ? "1" : "0");
    }

    @Override
    public String toString()
    {
        return name;
    }
}
