package io.portcullis.controlplane.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed configuration: {@code set <path…> <value>}, one per line, checked against a
 * {@link ConfigSchema}. '#' starts a comment; a value with spaces is double-quoted. Setting
 * a leaf again replaces its value, as on the console. Every error names its line.
 */
public final class ConfigTree
{
    /** A leaf's value and the line that set it. */
    public record Value(String text, int line)
    {
    }

    private final Map<List<String>, Value> values = new LinkedHashMap<>();

    public static ConfigTree parse(final String text, final ConfigSchema schema) throws ConfigError
    {
        final ConfigTree tree = new ConfigTree();
        final String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++)
        {
            final List<String> words = tokenize(lines[n], n + 1);
            if (words.isEmpty())
            {
                continue;
            }
            if (!words.getFirst().equals("set"))
            {
                throw new ConfigError(n + 1, "expected 'set', got '" + words.getFirst() + "'");
            }
            if (words.size() < 3)
            {
                throw new ConfigError(n + 1, "'set' needs a path and a value");
            }
            final List<String> path = List.copyOf(words.subList(1, words.size() - 1));
            final String value = words.getLast();
            final ConfigSchema.Leaf leaf = schema.match(path);
            if (leaf == null)
            {
                final ConfigSchema.Leaf longer = schema.match(words.subList(1, words.size()));
                final String known = schema.knownPrefix(words.subList(1, words.size()));
                throw new ConfigError(n + 1, longer != null ?
                    "'" + String.join(" ", words.subList(1, words.size())) + "' needs a value (" +
                        longer.type().describe() + ")" :
                    "unknown path '" + String.join(" ", path) + "'" +
                        (known.isEmpty() ? "" : " (known up to '" + known + "')"));
            }
            final String problem = leaf.type().check(value);
            if (problem != null)
            {
                throw new ConfigError(n + 1, String.join(" ", path) + ": '" + value + "' is " + problem +
                    "; expected " + leaf.type().describe());
            }
            tree.values.put(path, new Value(value, n + 1));
        }
        return tree;
    }

    /** The value at {@code path} (space separated words), or null. */
    public Value get(final String path)
    {
        return values.get(List.of(path.split(" ")));
    }

    /** The tags under a path prefix, in the order they first appear: {@code names("vpn ipsec manual-sa")}. */
    public Set<String> names(final String prefix)
    {
        final List<String> words = List.of(prefix.split(" "));
        final Set<String> names = new LinkedHashSet<>();
        for (final List<String> path : values.keySet())
        {
            if (path.size() > words.size() && path.subList(0, words.size()).equals(words))
            {
                names.add(path.get(words.size()));
            }
        }
        return names;
    }

    /** The first line that mentions a tag, for errors about the whole object. */
    public int firstLine(final String prefix)
    {
        final List<String> words = List.of(prefix.split(" "));
        int line = 0;
        for (final Map.Entry<List<String>, Value> e : values.entrySet())
        {
            if (e.getKey().size() >= words.size() && e.getKey().subList(0, words.size()).equals(words))
            {
                line = line == 0 ? e.getValue().line() : Math.min(line, e.getValue().line());
            }
        }
        return line;
    }

    private static List<String> tokenize(final String line, final int number) throws ConfigError
    {
        final List<String> words = new ArrayList<>();
        final StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++)
        {
            final char c = line.charAt(i);
            if (quoted)
            {
                if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    word.append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
                inWord = true;
            }
            else if (c == '#' && !inWord)
            {
                break;
            }
            else if (Character.isWhitespace(c))
            {
                if (inWord)
                {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            }
            else
            {
                word.append(c);
                inWord = true;
            }
        }
        if (quoted)
        {
            throw new ConfigError(number, "unterminated quote");
        }
        if (inWord)
        {
            words.add(word.toString());
        }
        return words;
    }
}
