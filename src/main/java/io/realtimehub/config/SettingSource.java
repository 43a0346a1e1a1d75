package io.realtimehub.config;

import java.lang.reflect.Method;
import java.util.Optional;

/**
 * Where settings come from: MicroProfile Config when the server has it (Payara, WildFly: the admin
 * console sets them), otherwise JVM system properties, then environment variables.
 */
@FunctionalInterface
public interface SettingSource {

    /** The raw value of a setting, or null when it is not set. */
    String get(Setting setting);

    /** The source for this server. MicroProfile Config is reached reflectively: Tomcat lacks it. */
    static SettingSource forServer() {
        SettingSource microProfile = microProfileConfig();
        return microProfile != null ? microProfile : systemThenEnvironment();
    }

    static SettingSource systemThenEnvironment() {
        return s -> {
            String value = System.getProperty(s.key());
            return value != null ? value : System.getenv(s.environmentName());
        };
    }

    private static SettingSource microProfileConfig() {
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            Class<?> provider = Class.forName("org.eclipse.microprofile.config.ConfigProvider", true, loader);
            Object config = provider.getMethod("getConfig").invoke(null);
            Method lookup = config.getClass().getMethod("getOptionalValue", String.class, Class.class);
            lookup.setAccessible(true);
            // MicroProfile Config already includes system properties and mapped environment variables.
            return s -> {
                try {
                    Optional<?> value = (Optional<?>) lookup.invoke(config, s.key(), String.class);
                    return (String) value.orElse(null);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + s.key() + " from MicroProfile Config", e);
                }
            };
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }
}
