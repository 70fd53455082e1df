package dev.durable;

import static org.assertj.core.api.Assertions.assertThat;

import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import dev.durable.testing.Ledger;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every result comes back from the store with its full generic type, on a fresh engine. */
class ResultTypesTest extends StoreContract {

  public record Employee(String name, Level level, Optional<String> manager, LocalDate start) {}

  public enum Level { JUNIOR, SENIOR }

  /** Everything the workflow saw, step by step, to compare the first run with the replay. */
  public record Seen(
      List<Map<String, Employee>> nested, Level level, Optional<Employee> present, Optional<Employee> absent,
      Instant instant, ZonedDateTime zoned, Duration duration, String nothing, int primitive, long[] longs,
      BigDecimal money, Set<Integer> sorted, Map<Level, List<Employee>> byLevel) {}

  @DurableWorkflow
  public static class Types {
    private final Ledger ledger;

    public Types(Ledger ledger) {
      this.ledger = ledger;
    }

    @WorkflowMethod
    public String run() {
      List<Map<String, Employee>> nested = nested();
      doNothing();
      Seen seen = new Seen(nested, level(), present(), absent(), instant(), zoned(), duration(), nothing(),
          primitive(), longs(), money(), sorted(), byLevel());
      // Checks the static types survived: these calls fail with ClassCastException if they did not.
      Employee ada = seen.nested().get(0).get("ada");
      return ada.name() + "/" + ada.level() + "/" + ada.manager().orElse("-") + "/" + seen.present().orElseThrow().start()
          + "/" + seen.absent().isPresent() + "/" + seen.instant() + "/" + seen.zoned() + "/" + seen.duration()
          + "/" + seen.nothing() + "/" + seen.primitive() + "/" + seen.longs()[1] + "/" + seen.money().scale()
          + "/" + seen.sorted() + "/" + seen.byLevel().get(Level.SENIOR).get(0).name();
    }

    private static Employee ada() {
      return new Employee("Ada", Level.SENIOR, Optional.of("Charles"), LocalDate.of(1843, 7, 1));
    }

    @DurableStep
    public List<Map<String, Employee>> nested() {
      ledger.ran("nested");
      Map<String, Employee> m = new LinkedHashMap<>();
      m.put("ada", ada());
      m.put("bob", new Employee("Bob", Level.JUNIOR, Optional.empty(), LocalDate.of(2020, 1, 2)));
      return List.of(m);
    }

    @DurableStep
    public void doNothing() {
      ledger.ran("doNothing");
    }

    @DurableStep
    public Level level() {
      return Level.JUNIOR;
    }

    @DurableStep
    public Optional<Employee> present() {
      return Optional.of(ada());
    }

    @DurableStep
    public Optional<Employee> absent() {
      return Optional.empty();
    }

    @DurableStep
    public Instant instant() {
      return Instant.parse("2026-11-22T10:15:30.123456789Z");
    }

    @DurableStep
    public ZonedDateTime zoned() {
      return ZonedDateTime.parse("2026-11-22T10:15:30+01:00[Europe/Paris]");
    }

    @DurableStep
    public Duration duration() {
      return Duration.ofMillis(1500);
    }

    @DurableStep
    public String nothing() {
      return null;
    }

    @DurableStep
    public int primitive() {
      return 42;
    }

    @DurableStep
    public long[] longs() {
      return new long[] {1, Long.MAX_VALUE};
    }

    @DurableStep
    public BigDecimal money() {
      return new BigDecimal("12.50");
    }

    @DurableStep
    public Set<Integer> sorted() {
      return new TreeSet<>(List.of(3, 1, 2));
    }

    @DurableStep
    public Map<Level, List<Employee>> byLevel() {
      return Map.of(Level.SENIOR, List.of(ada()));
    }
  }

  @Test
  void everyTypeRoundTripsThroughTheStore() {
    Ledger ledger = new Ledger();
    String db = "t";
    String first;
    try (DurableEngine engine = builder(db).register(Types.class, ledger).build()) {
      first = engine.workflow(Types.class, "types").run();
    }
    assertThat(first).isEqualTo("Ada/SENIOR/Charles/1843-07-01/false/2026-11-22T10:15:30.123456789Z/"
        + "2026-11-22T10:15:30+01:00[Europe/Paris]/PT1.5S/null/42/9223372036854775807/2/[1, 2, 3]/Ada");
    // Force a full replay of every step on a fresh engine.
    Testing.markRunning(store(), db, "types");
    try (DurableEngine engine = builder(db).register(Types.class, ledger).build()) {
      assertThat(engine.workflow(Types.class, "types").run()).isEqualTo(first);
    }
    assertThat(ledger.count("nested")).isEqualTo(1);
    assertThat(ledger.count("doNothing")).isEqualTo(1);
  }
}
