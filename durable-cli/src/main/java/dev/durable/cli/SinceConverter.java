package dev.durable.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --since}: an ISO-8601 instant, or a time ago such as {@code 90s}, {@code 30m}, {@code 2h}, {@code 3d}. */
final class SinceConverter implements ITypeConverter<Instant> {
  private static final Pattern AGO = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  @Override
  public Instant convert(String value) {
    Matcher m = AGO.matcher(value.strip());
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      Duration ago = switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
      return Instant.now().minus(ago);
    }
    try {
      return Instant.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw new TypeConversionException("'" + value + "' is neither an ISO-8601 instant (2025-03-01T09:00:00Z) nor a"
          + " time ago (90s, 30m, 2h, 3d)");
    }
  }
}
