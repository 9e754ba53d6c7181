package io.portcullis.controlplane.aaa;

/** Where PPP authenticators look users up: local users now, RADIUS later. */
@FunctionalInterface
public interface UserDirectory
{
    /** The user of this name, or null. */
    LocalUser find(String name);
}
