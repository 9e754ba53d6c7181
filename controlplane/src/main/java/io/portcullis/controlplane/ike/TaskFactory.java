package io.portcullis.controlplane.ike;

import io.portcullis.controlplane.ike.mainmode.AggressiveModeInitiator;
import io.portcullis.controlplane.ike.mainmode.AggressiveModeResponder;
import io.portcullis.controlplane.ike.mainmode.MainModeInitiator;
import io.portcullis.controlplane.ike.mainmode.MainModeResponder;
import io.portcullis.controlplane.ike.quickmode.QuickModeInitiator;
import io.portcullis.controlplane.ike.quickmode.QuickModeResponder;

/** Where the role picks each exchange's implementation. */
final class TaskFactory
{
    private TaskFactory()
    {
    }

    static Task mainMode(final IkeSa sa)
    {
        return sa.initiator() ? new MainModeInitiator(sa) : new MainModeResponder(sa);
    }

    static Task aggressiveMode(final IkeSa sa)
    {
        return sa.initiator() ? new AggressiveModeInitiator(sa) : new AggressiveModeResponder(sa);
    }

    /** Phase 1 as configured: Main Mode, or Aggressive Mode where it is enabled. */
    static Task phase1(final IkeSa sa, final int exchangeType)
    {
        return exchangeType == io.portcullis.controlplane.ike.isakmp.ExchangeType.AGGRESSIVE ? aggressiveMode(sa) :
            mainMode(sa);
    }

    static Task quickModeResponder(final IkeSa sa)
    {
        return new QuickModeResponder(sa);
    }

    static Task quickModeInitiator(final IkeSa sa, final QuickModeRequest request)
    {
        return new QuickModeInitiator(sa, request);
    }
}
