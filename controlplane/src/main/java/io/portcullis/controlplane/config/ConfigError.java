package io.portcullis.controlplane.config;

/** A configuration that cannot be used; the message names the line and the rule. */
public final class ConfigError extends Exception
{
    private static final long serialVersionUID = 1L;

    private final int line;

    public ConfigError(final int line, final String message)
    {
        super(line > 0 ? "line " + line + ": " + message : message);
        this.line = line;
    }

    /** 1-based line number, or 0 when the error is about the whole configuration. */
    public int line()
    {
        return line;
    }
}
