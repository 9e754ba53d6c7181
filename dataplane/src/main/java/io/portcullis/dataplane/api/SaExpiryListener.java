package io.portcullis.dataplane.api;

/**
 * How a worker tells the control plane that an SA used up its byte or packet lifetime
 * (RFC 4301 §4.4.2.1). Called on the worker thread; an implementation must not block
 * (the production one writes to a ring).
 */
public interface SaExpiryListener
{
    enum Limit
    {
        BYTES,
        PACKETS,
        /** RFC 4303 §3.3.3: the 32-bit sequence number would cycle without ESN. */
        SEQUENCE_NUMBER
    }

    /** Time to rekey: the SA still works. */
    void onSoftExpiry(int spi, boolean inbound, Limit limit);

    /** The SA no longer processes packets. */
    void onHardExpiry(int spi, boolean inbound, Limit limit);

    SaExpiryListener NONE = new SaExpiryListener()
    {
        public void onSoftExpiry(final int spi, final boolean inbound, final Limit limit)
        {
        }

        public void onHardExpiry(final int spi, final boolean inbound, final Limit limit)
        {
        }
    };
}
