package dev.durable.bench;

import java.util.List;
import java.util.Locale;

/**
 * One line of the results table. Every figure a target compares is measured in the same run as its
 * baseline; {@code ratio} is result over baseline.
 *
 * @param id the row number from issue 5, such as {@code 2b}
 * @param measurement what was measured
 * @param result the figure measured
 * @param baseline the figure it is compared with, or empty
 * @param ratio result / baseline as text, or empty
 * @param target the target from the issue, or empty
 * @param verdict PASS, MISS, or INFO for rows without a target
 */
record Row(String id, String measurement, String result, String baseline, String ratio, String target, Verdict verdict) {

  enum Verdict {
    PASS,
    MISS,
    INFO;

    static Verdict of(boolean met) {
      return met ? PASS : MISS;
    }
  }

  static Row info(String id, String measurement, String result) {
    return new Row(id, measurement, result, "", "", "", Verdict.INFO);
  }

  static String micros(double nanos) {
    return nanos >= 100_000 ? String.format(Locale.ROOT, "%.0f µs", nanos / 1000) : String.format(Locale.ROOT, "%.2f µs", nanos / 1000);
  }

  static String ratio(double r) {
    return decimals(r) + "x";
  }

  /** A ratio and the lowest and highest of the rounds' own ratios: "3.87x (rounds 3.22–4.23x)". */
  static String ratio(double r, List<Double> roundRatios) {
    return ratio(r) + " (rounds " + Samples.range(roundRatios, Row::decimals) + "x)";
  }

  /** {@code value} with two decimals, for ranges that name their unit once ("2.61–3.05 µs"). */
  static String decimals(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  static String perSecond(double rate) {
    return String.format(Locale.ROOT, "%,.0f steps/s", rate);
  }

  static String mib(double bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024 * 1024));
  }
}
