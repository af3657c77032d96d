package io.faust4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The command's options, its introspection commands on a memory:// app, and its one-line errors. */
class CommandLineTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String READINGS = "io.faust4j.cli.TestApps:readings";

    @Test
    void versionAndHelpNeedNoApp() {
        Cli version = Cli.run("--version");
        assertThat(version.code()).isZero();
        assertThat(version.out()).startsWith("faust4j " + Faust4jCommand.version()).doesNotContain("unknown");
        Cli help = Cli.run("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("worker", "send", "agents", "tables", "topics", "models", "table", "reset",
                "dlq", "generate-completion", "--web-port", "--setting");
        assertThat(Cli.run("worker", "--help").out()).contains("--int-timeout", "TERM");
    }

    @Test
    void listsAgentsTablesTopicsAndModels() throws Exception {
        Cli agents = Cli.run("-A", READINGS, "agents");
        assertThat(agents.code()).isZero();
        assertThat(agents.out()).contains("record", "readings", "dead_letter", "readings-dlq");

        JsonNode tables = JSON.readTree(Cli.run("-A", READINGS, "tables", "--json").out());
        assertThat(tables).hasSize(1);
        assertThat(tables.get(0).get("name").asText()).isEqualTo("last-reading");
        assertThat(tables.get(0).get("value").asText()).isEqualTo(TestApps.Reading.class.getName());
        assertThat(tables.get(0).get("changelog").asText()).isEqualTo("cli-readings-last-reading-changelog");
        assertThat(tables.get(0).get("partitions").asInt()).isEqualTo(2);

        JsonNode topics = JSON.readTree(Cli.run("-A", READINGS, "topics", "--json").out());
        assertThat(topics.findValuesAsText("name")).containsExactly("readings", "alerts",
                "cli-readings-last-reading-changelog", "readings-dlq");
        assertThat(topics.get(1).get("kind").asText()).isEqualTo("channel");

        JsonNode models = JSON.readTree(Cli.run("-A", READINGS, "models", "--json").out());
        assertThat(models.findValuesAsText("name")).containsExactly(TestApps.Reading.class.getName(),
                TestApps.Place.class.getName());
        assertThat(models.get(0).get("fields").get("value").asText()).isEqualTo("double");
        assertThat(models.get(0).get("used_by").toString()).contains("topic readings value", "table last-reading value");
        assertThat(models.get(1).get("used_by").toString()).contains("field place of Reading");
    }

    @Test
    void settingsOnTheCommandLineApply() throws Exception {
        JsonNode tables = JSON.readTree(Cli.run("-A", READINGS, "tables", "--json", "-s", "version=3").out());
        assertThat(tables.get(0).get("changelog").asText()).isEqualTo("cli-readings-v3-last-reading-changelog");
    }

    @Test
    void badClassesSayWhyInOneLine() {
        Cli missing = Cli.run("-A", "com.example.Missing", "agents");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err().strip()).startsWith("faust4j: Cannot load app class 'com.example.Missing'")
                .doesNotContain("\n");

        Cli none = Cli.run("-A", NoApp.class.getName(), "agents");
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.err()).contains("No App found in class " + NoApp.class.getName());

        Cli several = Cli.run("-A", TestApps.class.getName(), "agents");
        assertThat(several.code()).isEqualTo(1);
        assertThat(several.err()).contains("several Apps", "counting()", "readings()", "-A " + TestApps.class.getName() + ":");

        Cli noApp = Cli.run("agents");
        assertThat(noApp.code()).isEqualTo(1);
        assertThat(noApp.err()).contains("No app given");
    }

    @Test
    void badOptionsSayWhyInOneLine() {
        Cli unknown = Cli.run("-A", READINGS, "worker", "--bogus");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err().strip()).isEqualTo("faust4j: Unknown option: '--bogus' (see faust4j worker --help)");

        Cli typo = Cli.run("-A", READINGS, "agents", "-s", "comit_interval=1s");
        assertThat(typo.code()).isEqualTo(1);
        assertThat(typo.err()).contains("Unknown setting 'comit_interval' (from -s comit_interval=1s)",
                "did you mean 'commit_interval'?");

        Cli badValue = Cli.run("-A", READINGS, "worker", "-s", "commit_interval=soon");
        assertThat(badValue.code()).isEqualTo(1);
        assertThat(badValue.err().strip()).isEqualTo("faust4j: Invalid value 'soon' for setting 'commit_interval' (from"
                + " -s commit_interval=soon): expected a duration such as 500ms, 2.5s, 1m or PT1S");

        Cli noCommand = Cli.run("-A", READINGS);
        assertThat(noCommand.code()).isEqualTo(2);
        assertThat(noCommand.err()).contains("Missing command");
    }

    @Test
    void aBadWebPortFailsNamingTheSetting() {
        Cli web = Cli.run("-A", READINGS, "worker", "--web-port", "70000", "--web-bind", "127.0.0.1");
        assertThat(web.code()).isNotZero();
        assertThat(web.err()).contains("web_port", "70000");
    }

    @Test
    void commandsThatNeedABrokerRefuseMemory() {
        Cli badValue = Cli.run("-A", READINGS, "send", "readings", "{}");
        assertThat(badValue.code()).isEqualTo(1);
        assertThat(badValue.err()).contains("Invalid value '{}' for topic 'readings'", "expected sensor, value, place");
        Cli send = Cli.run("-A", READINGS, "send", "readings", "--key", "s1",
                "{\"sensor\":\"s1\",\"value\":1.5,\"place\":{\"room\":\"a\",\"floor\":1}}");
        assertThat(send.code()).isEqualTo(1);
        assertThat(send.err()).contains("faust4j send needs a broker other processes can reach", "memory://");
        Cli dlq = Cli.run("-A", READINGS, "dlq", "list");
        assertThat(dlq.code()).isEqualTo(1);
        assertThat(dlq.err()).contains("faust4j dlq needs a broker");
    }

    @Test
    void generatesShellCompletion() {
        Cli completion = Cli.run("generate-completion");
        assertThat(completion.code()).isZero();
        assertThat(completion.out()).contains("complete -F", "faust4j", "worker");
    }
}
