package dev.durable.bench;

import java.util.Arrays;
import java.util.List;

/** Medians of repeated measurements. The median, not the mean, so one GC pause or one slow sync does not move a row. */
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
}
