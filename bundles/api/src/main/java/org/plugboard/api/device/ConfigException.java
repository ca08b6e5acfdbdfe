package org.plugboard.api.device;

/** Bad configuration: the message names the device and what is wrong, in words a user can act on. */
public class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
