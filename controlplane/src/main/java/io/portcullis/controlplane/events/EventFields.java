package io.portcullis.controlplane.events;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An event's fields for the journal: its record components by name, nested records flattened
 * ({@code peer.remotePort}) unless they have their own {@code toString} (an endpoint, a
 * transform), everything else as text. Events promise to carry no secret (see {@link Event});
 * this is the second lock on that door: a component whose name says key, secret, password,
 * PSK, hash or nonce, and any array, is never written.
 */
public final class EventFields
{
    /** One field: a dotted name and its value as text. */
    public record Field(String name, String value)
    {
    }

    private static final int MAX_DEPTH = 2;
    private static final Pattern SECRET = Pattern.compile(".*(key|secret|password|psk|hash|nonce).*");
    private static final ClassValue<RecordComponent[]> COMPONENTS = new ClassValue<>()
    {
        @Override
        protected RecordComponent[] computeValue(final Class<?> type)
        {
            return type.isRecord() ? type.getRecordComponents() : new RecordComponent[0];
        }
    };

    private EventFields()
    {
    }

    public static List<Field> of(final Event event)
    {
        final List<Field> fields = new ArrayList<>();
        add(fields, "", event, 0);
        return fields;
    }

    /** True for a field name the journal never writes. */
    static boolean secret(final String name)
    {
        return SECRET.matcher(name.toLowerCase(Locale.ROOT)).matches();
    }

    private static void add(final List<Field> fields, final String prefix, final Object record, final int depth)
    {
        for (final RecordComponent component : COMPONENTS.get(record.getClass()))
        {
            if (secret(component.getName()) || component.getType().isArray())
            {
                continue;
            }
            final String name = prefix + component.getName();
            final Object value = read(component.getAccessor(), record);
            if (value != null && value.getClass().isRecord() && depth < MAX_DEPTH && !ownsToString(value.getClass()))
            {
                add(fields, name + ".", value, depth + 1);
            }
            else
            {
                fields.add(new Field(name, String.valueOf(value)));
            }
        }
    }

    private static boolean ownsToString(final Class<?> type)
    {
        try
        {
            return type.getMethod("toString").getDeclaringClass() == type;
        }
        catch (final NoSuchMethodException ex)
        {
            return false;
        }
    }

    private static Object read(final Method accessor, final Object record)
    {
        try
        {
            return accessor.invoke(record);
        }
        catch (final IllegalAccessException | InvocationTargetException ex)
        {
            return "(unreadable: " + ex.getClass().getSimpleName() + ")";
        }
    }
}
