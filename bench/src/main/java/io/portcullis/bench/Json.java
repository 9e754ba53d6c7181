package io.portcullis.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough of a JSON parser (RFC 8259) for JMH's {@code -rf json} files: objects become
 * {@link Map}s, arrays {@link List}s, numbers {@link Double}s. Like JMH's own output it also
 * takes the bare words {@code NaN} and {@code Infinity}. Nothing on jmh-core's class path
 * reads JSON, and a report tool is not worth a dependency.
 */
final class Json
{
    private final String text;
    private int position;

    private Json(final String text)
    {
        this.text = text;
    }

    static Object parse(final String text)
    {
        final Json json = new Json(text);
        final Object value = json.readValue();
        json.skipWhitespace();
        if (json.position != text.length())
        {
            throw json.error("trailing characters");
        }
        return value;
    }

    private Object readValue()
    {
        skipWhitespace();
        if (position == text.length())
        {
            throw error("unexpected end");
        }
        final char c = text.charAt(position);
        return switch (c)
        {
            case '{' -> readObject();
            case '[' -> readArray();
            case '"' -> readString();
            default -> readWord();
        };
    }

    private Map<String, Object> readObject()
    {
        final Map<String, Object> object = new LinkedHashMap<>();
        position++;
        if (consume('}'))
        {
            return object;
        }
        do
        {
            skipWhitespace();
            if (position == text.length() || text.charAt(position) != '"')
            {
                throw error("expected a member name");
            }
            final String name = readString();
            expect(':');
            object.put(name, readValue());
        }
        while (consume(','));
        expect('}');
        return object;
    }

    private List<Object> readArray()
    {
        final List<Object> array = new ArrayList<>();
        position++;
        if (consume(']'))
        {
            return array;
        }
        do
        {
            array.add(readValue());
        }
        while (consume(','));
        expect(']');
        return array;
    }

    private String readString()
    {
        final StringBuilder s = new StringBuilder();
        position++;
        while (true)
        {
            if (position == text.length())
            {
                throw error("unterminated string");
            }
            final char c = text.charAt(position++);
            if (c == '"')
            {
                return s.toString();
            }
            if (c != '\\')
            {
                s.append(c);
                continue;
            }
            if (position == text.length())
            {
                throw error("unterminated escape");
            }
            final char e = text.charAt(position++);
            switch (e)
            {
                case 'b' -> s.append('\b');
                case 'f' -> s.append('\f');
                case 'n' -> s.append('\n');
                case 'r' -> s.append('\r');
                case 't' -> s.append('\t');
                case 'u' ->
                {
                    if (position + 4 > text.length())
                    {
                        throw error("short \\u escape");
                    }
                    s.append((char)Integer.parseInt(text.substring(position, position + 4), 16));
                    position += 4;
                }
                default -> s.append(e);  // \" \\ \/
            }
        }
    }

    /** A number, true, false, null, or JMH's NaN / Infinity. */
    private Object readWord()
    {
        final int start = position;
        while (position < text.length() && "{}[],: \t\r\n\"".indexOf(text.charAt(position)) < 0)
        {
            position++;
        }
        final String word = text.substring(start, position);
        return switch (word)
        {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            case "null" -> null;
            case "" -> throw error("expected a value");
            default ->
            {
                try
                {
                    yield Double.valueOf(word);
                }
                catch (final NumberFormatException ex)
                {
                    position = start;
                    throw error("not a value: " + word);
                }
            }
        };
    }

    private boolean consume(final char c)
    {
        skipWhitespace();
        if (position < text.length() && text.charAt(position) == c)
        {
            position++;
            return true;
        }
        return false;
    }

    private void expect(final char c)
    {
        if (!consume(c))
        {
            throw error("expected '" + c + "'");
        }
    }

    private void skipWhitespace()
    {
        while (position < text.length() && " \t\r\n".indexOf(text.charAt(position)) >= 0)
        {
            position++;
        }
    }

    private IllegalArgumentException error(final String message)
    {
        return new IllegalArgumentException("JSON: " + message + " at character " + position);
    }
}
