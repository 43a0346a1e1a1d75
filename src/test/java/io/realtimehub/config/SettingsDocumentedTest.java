package io.realtimehub.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** README.md documents every setting, with the default the code uses, and no setting the code lacks. */
class SettingsDocumentedTest {

    private static final Pattern ROW = Pattern.compile("^\\| `(realtime\\.[a-z.-]+)` \\| ([^|]+) \\|", Pattern.MULTILINE);

    @Test
    void readmeTableMatchesTheSettings() throws Exception {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        Matcher m = ROW.matcher(readme);
        List<String> documented = new java.util.ArrayList<>();
        while (m.find()) {
            Setting setting = Arrays.stream(Setting.values()).filter(s -> s.key().equals(m.group(1))).findFirst()
                    .orElseThrow(() -> new AssertionError("README documents an unknown setting " + m.group(1)));
            String expectedDefault = setting.defaultValue().isEmpty() ? "(unset)" : "`" + setting.defaultValue() + "`";
            assertEquals(expectedDefault, m.group(2).trim(), "default of " + setting.key());
            documented.add(setting.key());
        }
        List<String> all = Arrays.stream(Setting.values()).map(Setting::key).toList();
        assertEquals(all, documented, "every setting, once, in declaration order");
        assertTrue(readme.contains("REALTIME_HISTORY_SIZE"), "the environment variable form is explained");
    }

    @Test
    void defaultsParse() {
        HubConfig config = HubConfig.defaults();
        assertEquals(Integer.parseInt(Setting.HISTORY_SIZE.defaultValue()), config.historySize());
        assertEquals(HubConfig.parseDuration(Setting.HISTORY_TTL.defaultValue()), config.historyTtl());
    }
}
