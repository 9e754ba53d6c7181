package io.portcullis.dataplane.counters;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Prints the counters of a running (or finished) dataplane from its counters file, one per
 * line: {@code value  label}. Usage: {@code CountersTool <file> [--all]}; without {@code --all}
 * counters that are still zero are left out.
 */
public final class CountersTool
{
    private CountersTool()
    {
    }

    public static void main(final String[] args)
    {
        if (args.length < 1 || args.length > 2 || (args.length == 2 && !args[1].equals("--all")))
        {
            System.err.println("usage: counters <counters file> [--all]");
            System.exit(2);
        }
        try (CountersFile file = CountersFile.open(Path.of(args[0])))
        {
            print(file, args.length == 2, System.out);
        }
        catch (final IllegalStateException ex)
        {
            System.err.println(ex.getMessage());
            System.exit(1);
        }
    }

    static void print(final CountersFile file, final boolean all, final PrintStream out)
    {
        file.reader().forEach((value, id, label) ->
        {
            if (all || value != 0)
            {
                out.printf("%20d  %s%n", value, label);
            }
        });
    }
}
