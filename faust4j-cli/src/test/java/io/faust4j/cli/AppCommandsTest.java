package io.faust4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Commands an app adds through a static {@code cliCommands()} method on its class. */
class AppCommandsTest {
    @Test
    void runsAnAppsOwnCommandWithTheCommandLinesSettings() {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Cli run = Cli.run("-A", "io.faust4j.cli.TestApps:readings", "report", "--shout", "--broker",
                    "kafka://example:9092");
            assertThat(run.code()).as(run.err()).isZero();
        } finally {
            System.setOut(stdout);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8).strip())
                .isEqualTo("APP CLI-READINGS ON KAFKA://EXAMPLE:9092 WITH 1 TABLE(S)");
    }

    @Test
    void listsAppCommandsInTheHelp() {
        assertThat(Cli.run("--app=io.faust4j.cli.TestApps:readings", "--help").out()).contains("report",
                "Says which app this is");
        assertThat(Cli.run("--help").out()).doesNotContain("report");
    }

    @Test
    void refusesWhatIsNoCommand() {
        Cli run = Cli.run("-A", BadCommands.class.getName(), "agents");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err().strip()).isEqualTo("faust4j: " + BadCommands.class.getName() + ".cliCommands() returned a"
                + " java.lang.String, which is no command: annotate its class with @Command(name = \"...\")");
    }
}
