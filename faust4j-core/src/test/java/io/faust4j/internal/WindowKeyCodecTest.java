package io.faust4j.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faust4j.CodecException;
import io.faust4j.Codecs;
import io.faust4j.spi.KeyRange;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The keys of windowed tables: Faust's JSON layout byte for byte, and faust4j's binary layout as range scans. */
class WindowKeyCodecTest {
    private static final long HOUR = 3_600_000L;

    @Test
    void faustLayoutIsTheBytesFaustWritesForAnHourlyWindow() {
        WindowKeyCodec<String> codec = WindowKeyCodec.faust(Codecs.json(String.class), HOUR);
        long start = 1_700_002_800_000L; // 2023-11-14T23:00:00Z, on the hour
        byte[] bytes = codec.encode(new WindowKey<>("acc-1", start, start + HOUR));
        // Faust: json.dumps(("acc-1", (1700002800.0, 1700002800.0 + 3600.0 - 0.1))), compact separators
        assertThat(new String(bytes, UTF_8)).isEqualTo("[\"acc-1\",[1700002800.0,1700006399.9]]");
        assertThat(codec.decode(bytes)).isEqualTo(new WindowKey<>("acc-1", start, start + HOUR));
    }

    @Test
    void faustLayoutRoundTripsFaustWrittenKeysByteForByte() {
        WindowKeyCodec<String> tenSeconds = WindowKeyCodec.faust(Codecs.json(String.class), 10_000);
        WindowKeyCodec<Long> minutes = WindowKeyCodec.faust(Codecs.json(Long.class), 60_000);
        String[] faustTen = {"[\"user-7\",[1700000000.0,1700000009.9]]", "[\"a\",[0.0,9.9]]"};
        for (String key : faustTen) {
            byte[] bytes = key.getBytes(UTF_8);
            assertThat(new String(tenSeconds.encode(tenSeconds.decode(bytes)), UTF_8)).isEqualTo(key);
        }
        String faustMinute = "[42,[1699999980.0,1700000039.9]]";
        assertThat(minutes.decode(faustMinute.getBytes(UTF_8))).isEqualTo(new WindowKey<>(42L, 1_699_999_980_000L,
                1_700_000_040_000L));
        assertThat(new String(minutes.encode(minutes.decode(faustMinute.getBytes(UTF_8))), UTF_8)).isEqualTo(faustMinute);
        // Faust's json without compact separators reads too
        assertThat(tenSeconds.decode("[\"a\", [10.0, 19.9]]".getBytes(UTF_8))).isEqualTo(new WindowKey<>("a", 10_000,
                20_000));
        assertThatThrownBy(() -> tenSeconds.decode("\"a\"".getBytes(UTF_8))).isInstanceOf(CodecException.class)
                .hasMessageContaining("Not a Faust windowed table key");
    }

    @Test
    void floatsArePrintedAsPythonPrintsThem() {
        assertThat(WindowKeyCodec.pythonFloat(1_700_000_000.0)).isEqualTo("1700000000.0");
        assertThat(WindowKeyCodec.pythonFloat(1_700_003_599.9)).isEqualTo("1700003599.9");
        assertThat(WindowKeyCodec.pythonFloat(1_700_000_000.0 + 60.0 - 0.1)).isEqualTo("1700000059.9");
        assertThat(WindowKeyCodec.pythonFloat(0.5)).isEqualTo("0.5");
        assertThat(WindowKeyCodec.pythonFloat(0.0)).isEqualTo("0.0");
    }

    @Test
    void oneKeysWindowsAreOneRangeScanInBothLayouts() {
        Random random = new Random(7);
        for (WindowKeyCodec<String> codec : java.util.List.of(WindowKeyCodec.binary(Codecs.raw(String.class)),
                WindowKeyCodec.faust(Codecs.json(String.class), 60_000))) {
            for (int i = 0; i < 2_000; i++) {
                String a = "k" + random.nextInt(30);
                String b = "k" + random.nextInt(30);
                long start = (random.nextInt(100_000) - 50_000) * 60_000L;
                WindowKey<String> window = new WindowKey<>(b, start, start + 60_000);
                byte[] bytes = codec.encode(window);
                assertThat(codec.decode(bytes)).isEqualTo(window);
                assertThat(KeyRange.prefix(codec.prefix(a)).contains(bytes)).as(a + " / " + window).isEqualTo(a.equals(b));
            }
        }
    }

    @Test
    void binaryLayoutSortsAKeysWindowsByStart() {
        WindowKeyCodec<String> codec = WindowKeyCodec.binary(Codecs.raw(String.class));
        byte[] early = codec.encode(new WindowKey<>("a", -60_000, 0));
        byte[] late = codec.encode(new WindowKey<>("a", 60_000, 120_000));
        assertThat(java.util.Arrays.compareUnsigned(early, late)).isNegative();
    }
}
