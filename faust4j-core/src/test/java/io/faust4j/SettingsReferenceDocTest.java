package io.faust4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/settings.md} in step with the setting declarations. Regenerate the table with
 * {@code ./mvnw -pl faust4j-core test -Dtest=SettingsReferenceDocTest -Dfaust4j.updateDocs=true}.
 */
class SettingsReferenceDocTest {
    private static final String BEGIN = "<!-- settings:begin -->";
    private static final String END = "<!-- settings:end -->";

    private static Path docsFile() {
        Path moduleDir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        return moduleDir.resolve("../docs/settings.md").normalize();
    }

    @Test
    void settingsReferenceInDocsMatchesTheDeclarations() throws IOException {
        Path file = docsFile();
        assertThat(file).as("the settings reference %s", file).exists();
        String text = Files.readString(file);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        assertThat(begin).as("%s must contain the markers %s and %s", file, BEGIN, END).isNotNegative();
        assertThat(end).as("%s must contain %s after %s", file, END, BEGIN).isGreaterThan(begin);

        String expected = Settings.referenceMarkdown();
        String actual = text.substring(begin + BEGIN.length(), end).strip() + "\n";
        if (Boolean.getBoolean("faust4j.updateDocs") && !actual.equals(expected)) {
            Files.writeString(file, text.substring(0, begin + BEGIN.length()) + "\n" + expected + text.substring(end));
            return;
        }
        assertThat(actual)
                .as("%s is out of date with the declarations in Settings; regenerate it with "
                        + "./mvnw -pl faust4j-core test -Dtest=SettingsReferenceDocTest -Dfaust4j.updateDocs=true", file)
                .isEqualTo(expected);
    }
}
