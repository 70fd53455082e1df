package dev.durable.bench;

import java.util.Arrays;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.function.DoubleFunction;
import java.util.stream.IntStream;

/**
 * Medians of repeated measurements, and their spread. The median, not the mean, so one GC pause or
 * one slow sync does not move a row; the spread, so that a reader can tell a figure on its target
 * within this machine's noise from a clear miss.
 */
final class Samples {
  private Samples() {}

  static double median(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no samples");
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** The element-wise quotients {@code numerators[i] / denominators[i]}, of figures measured side by side. */
  static List<Double> quotients(List<Double> numerators, List<Double> denominators) {
    if (numerators.size() != denominators.size()) {
      throw new IllegalArgumentException(numerators.size() + " numerators for " + denominators.size() + " denominators");
    }
    return IntStream.range(0, numerators.size()).mapToObj(i -> numerators.get(i) / denominators.get(i)).toList();
  }

  /** "lowest–highest" of {@code values}, each formatted by {@code format}. */
  static String range(List<Double> values, DoubleFunction<String> format) {
    DoubleSummaryStatistics stats = values.stream().mapToDouble(Double::doubleValue).summaryStatistics();
    if (stats.getCount() == 0) {
      throw new IllegalArgumentException("no samples");
    }
    return format.apply(stats.getMin()) + "–" + format.apply(stats.getMax());
  }
}
