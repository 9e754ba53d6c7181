package io.portcullis.controlplane.ppp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** RFC 1877 §1.1: the DNS options are negotiated one by one. */
class IpcpClientTest
{
    private static List<Integer> types(final List<ConfigOption> options)
    {
        return options.stream().map(ConfigOption::type).toList();
    }

    @Test
    void aServerWithOneDnsRejectsOnlyTheSecondaryAndThePrimaryIsStillAskedFor()
    {
        final IpcpClient client = new IpcpClient();
        assertEquals(List.of(IpcpServer.IP_ADDRESS, IpcpServer.PRIMARY_DNS, IpcpServer.SECONDARY_DNS),
            types(client.request()));

        client.rejected(List.of(ConfigOption.u32(IpcpServer.SECONDARY_DNS, 0)));
        assertEquals(List.of(IpcpServer.IP_ADDRESS, IpcpServer.PRIMARY_DNS), types(client.request()));

        client.nakked(List.of(ConfigOption.u32(IpcpServer.PRIMARY_DNS, 0xC0A83235L)));
        assertEquals(0xC0A83235, client.primaryDns());
    }

    @Test
    void aServerWithoutDnsRejectsBothAndOnlyTheAddressIsAskedFor()
    {
        final IpcpClient client = new IpcpClient();
        client.rejected(List.of(ConfigOption.u32(IpcpServer.PRIMARY_DNS, 0), ConfigOption.u32(IpcpServer.SECONDARY_DNS, 0)));
        assertEquals(List.of(IpcpServer.IP_ADDRESS), types(client.request()));
    }
}
