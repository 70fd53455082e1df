package dev.durable.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How values from the database look in text output. */
class DisplayTest {
  @Test
  void oneLine_joinsLines_andDefusesTerminalEscapes() {
    assertThat(Display.oneLine("  first\r\n\n  second\tthird ")).isEqualTo("first second third");
    assertThat(Display.oneLine("\u001b[2J\u001b[31mred\u0007\u007f")).isEqualTo("?[2J?[31mred??");
  }

  @Test
  void shorten_cutsToTheLimitWithAnEllipsis() {
    assertThat(Display.shorten("abcdef", 6)).isEqualTo("abcdef");
    assertThat(Display.shorten("abcdefg", 6)).isEqualTo("abc...");
  }

  @Test
  void table_alignsColumns_andPutsEveryCellOnOneSafeLine() {
    Table table = new Table("ID", "VALUE");
    table.add("run\u001b[1m", "a\nb");
    table.add("r", "c");
    StringWriter out = new StringWriter();
    table.print(new PrintWriter(out, true));

    assertThat(out.toString().lines()).containsExactly("ID       VALUE", "run?[1m  a b", "r        c");
  }

  @Test
  void durationAndTimestamp_areShortAndUtc() {
    assertThat(Display.duration(Duration.ofMillis(12))).isEqualTo("12 ms");
    assertThat(Display.duration(Duration.ofMillis(3_400))).isEqualTo("3.4 s");
    assertThat(Display.duration(Duration.ofMinutes(90))).isEqualTo("1.5 h");
    assertThat(Display.duration(null)).isEqualTo("-");
    assertThat(Display.timestamp(Instant.parse("2026-03-01T09:00:00.123Z"))).isEqualTo("2026-03-01T09:00:00Z");
  }

  @Test
  void shellWord_quotesOnlyWhatAShellWouldSplit() {
    assertThat(Display.shellWord("onboard-ada")).isEqualTo("onboard-ada");
    assertThat(Display.shellWord("it's mine")).isEqualTo("'it'\\''s mine'");
  }
}
