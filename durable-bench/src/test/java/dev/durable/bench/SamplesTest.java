package dev.durable.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SamplesTest {
  @Test
  void medianOfOddAndEvenCounts() {
    assertThat(Samples.median(List.of(9.0, 1.0, 5.0))).isEqualTo(5.0);
    assertThat(Samples.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
  }

  @Test
  void quotientsPairFiguresMeasuredSideBySide_roundByRound() {
    assertThat(Samples.quotients(List.of(40.0, 90.0), List.of(10.0, 30.0))).containsExactly(4.0, 3.0);
    assertThatThrownBy(() -> Samples.quotients(List.of(1.0), List.of(1.0, 2.0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 numerators for 2 denominators");
  }

  @Test
  void rangeNamesTheLowestAndHighest_inTheGivenFormat() {
    assertThat(Samples.range(List.of(4.31, 3.52, 3.9), Row::decimals)).isEqualTo("3.52–4.31");
    assertThatThrownBy(() -> Samples.range(List.of(), Row::decimals)).isInstanceOf(IllegalArgumentException.class);
  }
}
