package io.portcullis.controlplane.appliance;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.portcullis.controlplane.config.ConfigSchema;
import io.portcullis.controlplane.config.ConfigTree;
import io.portcullis.controlplane.events.EventJournal;
import io.portcullis.controlplane.events.JournalUnavailableException;
import io.portcullis.controlplane.events.LoggingEventSink;
import io.portcullis.controlplane.events.TeeEventSink;
import io.portcullis.controlplane.launch.ConfigFile;
import io.portcullis.controlplane.launch.DataplaneConfig;
import io.portcullis.controlplane.launch.DataplaneLauncher;

/**
 * The appliance's main job: one process, the dataplane workers and the remote-access control
 * plane, from one configuration file.
 * <pre>
 * Appliance &lt;config file&gt; [--ready-file PATH]
 * </pre>
 * The file is {@code set …} lines (README). Without a {@code vpn l2tp remote-access} service it
 * runs the dataplane alone. {@code --ready-file} is created once the workers poll, for scripts
 * that start the appliance and wait for it. SIGTERM clears every tunnel and stops.
 */
public final class Appliance
{
    private record Configured(DataplaneConfig dataplane, RemoteAccessConfig remoteAccess, Path eventJournal)
    {
    }

    private Appliance()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        // The event log: one line per event, time, level, message (unless the operator chose a format).
        // The time is the machine's local time with its offset from UTC (ISO 8601), e.g. +0000.
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null)
        {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tL%1$tz %4$s %5$s%6$s%n");
        }
        final List<String> rest = new ArrayList<>(List.of(args));
        Path readyFile = null;
        final int ready = rest.indexOf("--ready-file");
        if (ready >= 0 && ready + 1 < rest.size())
        {
            readyFile = Path.of(rest.remove(ready + 1));
            rest.remove(ready);
        }
        if (rest.size() != 1)
        {
            System.err.println("usage: portcullis <config file> [--ready-file PATH]");
            System.exit(2);
        }
        final Configured configured = ConfigFile.readOrExit(Path.of(rest.getFirst()), ConfigSchema.appliance(), tree ->
        {
            final DataplaneConfig dataplane = DataplaneConfig.from(tree);
            final ConfigTree.Value journal = tree.get("system event-journal");
            return new Configured(dataplane, RemoteAccessConfig.from(tree, dataplane),
                journal == null ? EventJournal.DEFAULT_DIRECTORY : Path.of(journal.text()));
        });
        final DataplaneConfig dataplane = configured.dataplane();
        final RemoteAccessConfig remoteAccess = configured.remoteAccess();
        System.out.println("portcullis: " + (remoteAccess == null ? "no remote-access service configured" :
            "serving remote access: " + remoteAccess));
        final EventJournal journal = remoteAccess == null ? null : openJournal(configured.eventJournal());
        final ControlPlane controlPlane = remoteAccess == null ? null :
            new ControlPlane(remoteAccess, new TeeEventSink(List.of(new LoggingEventSink(), journal)));
        final int status = DataplaneLauncher.run(dataplane, false, controlPlane == null ? null :
            new ReadySignal(controlPlane, readyFile));
        if (journal != null)
        {
            journal.close();
        }
        System.exit(status);
    }

    /** The event journal, or one line naming the directory and why it cannot be used, and exit 1. */
    private static EventJournal openJournal(final Path directory)
    {
        try
        {
            final EventJournal journal = EventJournal.open(directory);
            System.out.println("portcullis: event journal in " + directory + " (bin/portcullis-events " + directory + ")");
            return journal;
        }
        catch (final JournalUnavailableException ex)
        {
            System.err.println("portcullis: " + ex.getMessage() + "; set system event-journal to another directory");
            System.exit(1);
            return null;
        }
    }
}
