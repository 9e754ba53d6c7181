package io.portcullis.controlplane.aaa;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The local users of the configuration, by name (case-sensitive, as CHAP names are). */
public final class LocalUsers implements UserDirectory
{
    private final Map<String, LocalUser> users = new HashMap<>();

    public LocalUsers(final List<LocalUser> users)
    {
        for (final LocalUser user : users)
        {
            if (this.users.putIfAbsent(user.name(), user) != null)
            {
                throw new IllegalArgumentException("local user " + user.name() + " defined twice");
            }
        }
    }

    @Override
    public LocalUser find(final String name)
    {
        return users.get(name);
    }
}
