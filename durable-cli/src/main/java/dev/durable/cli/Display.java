package dev.durable.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How values look in the text output: timestamps in ISO-8601 UTC to the second, durations short
 * ({@code 12 ms}, {@code 3.4 s}), values cut to one line. Text only; JSON output keeps full values.
 */
final class Display {
  /** How long a value may be in a table cell or a step line unless {@code --full} is given. */
  static final int SHORT_VALUE = 60;
  private static final Pattern LINE_BREAKS = Pattern.compile("\\s*[\\r\\n]+\\s*|\\t");
  /** Control characters left after line breaks: an escape sequence in a stored value must not drive the terminal. */
  private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\x7f\\u0085\\u2028\\u2029]");
  private static final Pattern SAFE_SHELL_WORD = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  private Display() {}

  /** {@code 2025-03-01T09:30:00Z}, or {@code -} for none. */
  static String timestamp(Instant instant) {
    return instant == null ? "-" : instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** {@code 12 ms}, {@code 3.4 s}, {@code 42 s}, {@code 7.5 min}, {@code 2.0 h}, {@code 3.0 d}; {@code -} for none. */
  static String duration(Duration d) {
    if (d == null || d.isNegative()) {
      return "-";
    }
    long ms = d.toMillis();
    if (ms < 1_000) {
      return ms + " ms";
    }
    if (ms < 10_000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1_000.0);
    }
    if (ms < 60_000) {
      return ms / 1_000 + " s";
    }
    if (ms < 3_600_000) {
      return String.format(Locale.ROOT, "%.1f min", ms / 60_000.0);
    }
    if (ms < 172_800_000) {
      return String.format(Locale.ROOT, "%.1f h", ms / 3_600_000.0);
    }
    return String.format(Locale.ROOT, "%.1f d", ms / 86_400_000.0);
  }

  /**
   * {@code text} on one line: line breaks and tabs become single spaces, other control characters
   * (an ANSI escape, say) a {@code ?}, so that a stored value cannot move the cursor or recolour the
   * terminal.
   */
  static String oneLine(String text) {
    return text == null ? "" : CONTROL.matcher(LINE_BREAKS.matcher(text.strip()).replaceAll(" ")).replaceAll("?");
  }

  /** {@code text} on one line, cut to {@code max} characters with {@code ...} at the end if longer. */
  static String shorten(String text, int max) {
    String line = oneLine(text);
    return line.length() <= max ? line : line.substring(0, Math.max(0, max - 3)) + "...";
  }

  /** {@code word} as a POSIX shell would need it in a suggested command: quoted if it has special characters. */
  static String shellWord(String word) {
    return SAFE_SHELL_WORD.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
  }
}
