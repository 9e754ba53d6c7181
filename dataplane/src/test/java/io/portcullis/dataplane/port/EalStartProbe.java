package io.portcullis.dataplane.port;

/** Starts EAL with its arguments in a process of its own and prints the outcome, for EalStartFailureTest. */
final class EalStartProbe
{
    static final String STARTED = "EAL-PROBE: started";
    static final String FAILED = "EAL-PROBE: failed: ";

    private EalStartProbe()
    {
    }

    public static void main(final String[] args)
    {
        try
        {
            Eal.init(args);
            System.out.println(STARTED);
        }
        catch (final IllegalStateException ex)
        {
            System.out.println(FAILED + ex.getMessage());
        }
    }
}
