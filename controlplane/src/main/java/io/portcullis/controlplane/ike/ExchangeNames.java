package io.portcullis.controlplane.ike;

import io.portcullis.controlplane.ike.isakmp.ExchangeType;

/** Exchange names for logs and events. */
final class ExchangeNames
{
    private ExchangeNames()
    {
    }

    static String of(final int exchangeType)
    {
        return switch (exchangeType)
        {
            case ExchangeType.MAIN_MODE -> "Main Mode";
            case ExchangeType.AGGRESSIVE -> "Aggressive Mode";
            case ExchangeType.QUICK_MODE -> "Quick Mode";
            case ExchangeType.INFORMATIONAL -> "Informational";
            default -> "exchange " + exchangeType;
        };
    }
}
