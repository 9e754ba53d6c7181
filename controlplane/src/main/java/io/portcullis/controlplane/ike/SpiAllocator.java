package io.portcullis.controlplane.ike;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;

/** Inbound ESP SPIs (random, unique among ours, never 0-255: RFC 4303 §2.1) and outbound SA handles. */
public final class SpiAllocator
{
    private final SecureRandom random = new SecureRandom();
    private final Set<Integer> spis = new HashSet<>();
    private int nextHandle = 1;

    public int allocateSpi()
    {
        while (true)
        {
            final int spi = random.nextInt();
            if (Integer.compareUnsigned(spi, 256) >= 0 && spis.add(spi))
            {
                return spi;
            }
        }
    }

    public void release(final int spi)
    {
        spis.remove(spi);
    }

    /** A non-zero handle for an outbound SA. */
    public int allocateHandle()
    {
        final int handle = nextHandle++;
        if (nextHandle <= 0)
        {
            nextHandle = 1;
        }
        return handle;
    }
}
