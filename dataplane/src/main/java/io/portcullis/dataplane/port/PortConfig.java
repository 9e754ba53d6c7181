package io.portcullis.dataplane.port;

/**
 * How {@link EthDevice#open} sets up a port: one RX and one TX queue per worker.
 *
 * @param rxQueues      RX queues; more than one turns RSS on where the device hashes
 * @param txQueues      TX queues
 * @param rxDescriptors descriptors per RX queue; 0 for the default (1024, fitted to the device)
 * @param txDescriptors descriptors per TX queue; 0 for the default
 * @param promiscuous   receive frames for any destination MAC
 * @param mtu           0 keeps the device's
 */
public record PortConfig(
    int rxQueues,
    int txQueues,
    int rxDescriptors,
    int txDescriptors,
    boolean promiscuous,
    int mtu)
{
    public PortConfig
    {
        if (rxQueues < 1 || rxQueues > 1024 || txQueues < 1 || txQueues > 1024)
        {
            throw new IllegalArgumentException("queues must be 1..1024, not " + rxQueues + " RX, " + txQueues + " TX");
        }
        if (rxDescriptors < 0 || rxDescriptors > 65535 || txDescriptors < 0 || txDescriptors > 65535)
        {
            throw new IllegalArgumentException("descriptors must be 0..65535");
        }
        if (mtu < 0 || mtu > 65535)
        {
            throw new IllegalArgumentException("mtu must be 0..65535, not " + mtu);
        }
    }

    /** {@code queues} RX and TX queues (one per worker), default descriptors, promiscuous, the device's MTU. */
    public static PortConfig queues(final int queues)
    {
        return new PortConfig(queues, queues, 0, 0, true, 0);
    }
}
