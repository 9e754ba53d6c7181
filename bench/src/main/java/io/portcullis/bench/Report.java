package io.portcullis.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.portcullis.dataplane.esp.Transforms;

/**
 * Prints a JMH JSON result file ({@code -rf json}) of {@link EspBenchmark} and
 * {@link CeilingBenchmark} as a table: packets and bits per second, the ratio of each AES-GCM
 * row to the ceiling at the same transform and size, and bytes allocated per packet when the
 * run had {@code -prof gc}. Bits are IPv4 packet bits (size × 8 × packets/s; the IMIX average
 * size for IMIX), the same bytes for encrypt and decrypt, whatever ESP adds on the wire.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.portcullis.bench.Report result.json}
 */
public final class Report
{
    private static final String ALLOC_NORM = "gc.alloc.rate.norm";

    /** One benchmark result, in packets per second. */
    record Row(String benchmark, String transform, String size, double pps, double ppsError, double allocPerPacket)
    {
        double gbitPerSecond()
        {
            return pps * averageSize(size) * 8 / 1e9;
        }

        boolean isCeiling()
        {
            return benchmark.equals("ceiling");
        }

        boolean isAesGcm()
        {
            return transform.startsWith("AES_GCM");
        }
    }

    private Report()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        if (args.length != 1)
        {
            System.err.println("usage: Report <jmh-result.json>");
            System.exit(2);
        }
        print(read(Path.of(args[0])), System.out);
    }

    static List<Row> read(final Path file) throws IOException
    {
        final List<Row> rows = new ArrayList<>();
        for (final Object entry : (List<?>)Json.parse(Files.readString(file)))
        {
            rows.add(row((Map<?, ?>)entry));
        }
        return rows;
    }

    static void print(final List<Row> rows, final PrintStream out)
    {
        final Map<String, Row> ceilings = new HashMap<>();
        for (final Row row : rows)
        {
            if (row.isCeiling())
            {
                ceilings.put(row.transform() + "/" + row.size(), row);
            }
        }
        final List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingInt((Row r) -> transformOrder(r.transform()))
            .thenComparing(Row::transform)
            .thenComparingDouble(r -> sizeOrder(r.size()))
            .thenComparingInt(r -> benchmarkOrder(r.benchmark()))
            .thenComparing(Row::benchmark));

        final String format = "%-9s %-28s %6s %9s %8s %8s %11s %10s%n";
        out.printf(format, "benchmark", "transform", "size", "Mpps", "± Mpps", "Gbit/s", "vs ceiling", "alloc B/pkt");
        for (final Row row : sorted)
        {
            final Row ceiling = ceilings.get(row.transform() + "/" + row.size());
            final String ratio = row.isAesGcm() && !row.isCeiling() && ceiling != null ?
                String.format(Locale.ROOT, "%.2f", row.pps() / ceiling.pps()) : "";
            out.printf(Locale.ROOT, format, row.benchmark(), row.transform(), row.size(),
                String.format(Locale.ROOT, "%.3f", row.pps() / 1e6),
                Double.isNaN(row.ppsError()) ? "" : String.format(Locale.ROOT, "%.3f", row.ppsError() / 1e6),
                Double.isNaN(row.gbitPerSecond()) ? "" : String.format(Locale.ROOT, "%.2f", row.gbitPerSecond()),
                ratio,
                Double.isNaN(row.allocPerPacket()) ? "" : String.format(Locale.ROOT, "%.3f", row.allocPerPacket()));
        }
        out.println();
        out.printf(Locale.ROOT, "Gbit/s = IPv4 packet size x 8 x packets/s (IMIX: %.2f bytes on average); " +
            "vs ceiling = packets/s over raw intel-ipsec-mb AES-GCM encryption of the same bytes.%n",
            PacketMix.of(PacketMix.IMIX).averageSize());
    }

    private static Row row(final Map<?, ?> entry)
    {
        final String benchmark = shortName((String)entry.get("benchmark"));
        final Map<?, ?> params = entry.get("params") instanceof Map<?, ?> p ? p : Map.of();
        final Map<?, ?> primary = (Map<?, ?>)entry.get("primaryMetric");
        final double score = number(primary.get("score"));
        final double error = number(primary.get("scoreError"));
        final double pps = packetsPerSecond(score, (String)primary.get("scoreUnit"));
        double alloc = Double.NaN;
        if (entry.get("secondaryMetrics") instanceof Map<?, ?> secondary &&
            secondary.get(ALLOC_NORM) instanceof Map<?, ?> norm)
        {
            alloc = number(norm.get("score"));
        }
        return new Row(benchmark, param(params, "transform"), param(params, "size"), pps,
            pps * Math.abs(error / score), alloc);
    }

    private static String param(final Map<?, ?> params, final String name)
    {
        final Object value = params.get(name);
        return value == null ? "-" : value.toString();
    }

    /** "io.portcullis.bench.EspBenchmark.encrypt" → "encrypt"; any CeilingBenchmark method → "ceiling". */
    private static String shortName(final String benchmark)
    {
        final String[] parts = benchmark.split("\\.");
        final String className = parts.length > 1 ? parts[parts.length - 2] : "";
        return className.equals(CeilingBenchmark.class.getSimpleName()) ? "ceiling" : parts[parts.length - 1];
    }

    /** JMH's score in any throughput ("ops/ms") or time ("us/op") unit, as operations (packets) per second. */
    static double packetsPerSecond(final double score, final String unit)
    {
        final String[] parts = unit.split("/");
        if (parts.length != 2)
        {
            throw new IllegalArgumentException("unknown score unit: " + unit);
        }
        return parts[0].equals("ops") ? score / seconds(parts[1]) : 1 / (score * seconds(parts[0]));
    }

    private static double seconds(final String unit)
    {
        return switch (unit)
        {
            case "s" -> 1;
            case "ms" -> 1e-3;
            case "us" -> 1e-6;
            case "ns" -> 1e-9;
            case "min" -> 60;
            default -> throw new IllegalArgumentException("unknown time unit: " + unit);
        };
    }

    private static double averageSize(final String size)
    {
        try
        {
            return PacketMix.of(size).averageSize();
        }
        catch (final IllegalArgumentException ex)
        {
            return Double.NaN;
        }
    }

    private static double number(final Object value)
    {
        if (value instanceof Double d)
        {
            return d;
        }
        if (value instanceof String s)
        {
            return Double.parseDouble(s);  // JMH writes "NaN" as a string
        }
        return Double.NaN;
    }

    private static int transformOrder(final String transform)
    {
        for (final Transforms t : Transforms.values())
        {
            if (t.name().equals(transform))
            {
                return t.ordinal();
            }
        }
        return Integer.MAX_VALUE;
    }

    private static double sizeOrder(final String size)
    {
        final double average = averageSize(size);
        return size.equals(PacketMix.IMIX) ? Double.MAX_VALUE : Double.isNaN(average) ? Double.MAX_VALUE : average;
    }

    private static int benchmarkOrder(final String benchmark)
    {
        return switch (benchmark)
        {
            case "encrypt" -> 0;
            case "decrypt" -> 1;
            case "ceiling" -> 2;
            default -> 3;
        };
    }
}
