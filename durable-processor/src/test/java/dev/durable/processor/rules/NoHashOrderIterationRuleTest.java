package dev.durable.processor.rules;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.durable.processor.TestSources.compile;
import static dev.durable.processor.TestSources.source;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

class NoHashOrderIterationRuleTest {
  private static JavaFileObject flow(String keyType, String iteration) {
    return source(
        "test.Flow",
        """
        package test;
        import dev.durable.annotations.*;
        import java.util.*; import java.util.concurrent.*; import java.nio.file.Path;
        @DurableWorkflow public class Flow {
          enum Color { RED, GREEN }
          record Point(int x, int y) {}
          record Tagged(Color color, String name) {}
          static final class Handle {}
          @WorkflowMethod public void run() {
            Map<KEY, Integer> byKey = new HashMap<>();
            ITERATION
          }
          void use(Object o) {}
        }
        """
            .replace("KEY", keyType)
            .replace("ITERATION", iteration));
  }

  @Test
  void hashMapWithEnumKeys_isAnErrorAtTheIteratedExpression() {
    JavaFileObject src = flow("Color", "for (Color c : byKey.keySet()) { use(c); }");
    Compilation compilation = compile(src);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[DurableNoHashOrderIteration] for (... : byKey.keySet()) in workflow method run()"
                + " iterates a hash-based collection keyed by Flow.Color")
        .inFile(src)
        .onLine(11)
        .atColumn(32);
    assertThat(compilation).hadErrorContaining("Fix: use an EnumMap/EnumSet");
  }

  @Test
  void identityHashedKeysAndRecordsHoldingEnums_areErrors() {
    JavaFileObject handles = flow("Handle", "byKey.forEach((k, v) -> use(k));");
    assertThat(compile(handles))
        .hadErrorContaining("byKey.forEach(...)")
        .inFile(handles)
        .onLine(11)
        .atColumn(5);
    assertThat(compile(handles)).hadErrorContaining("give the key type equals() and hashCode()");
    JavaFileObject tagged = flow("Tagged", "byKey.keySet().stream().forEach(this::use);");
    assertThat(compile(tagged)).hadErrorContaining("keyed by Flow.Tagged").inFile(tagged).onLine(11);
    JavaFileObject lists = flow("List<Color>", "for (List<Color> k : byKey.keySet()) { use(k); }");
    assertThat(compile(lists)).hadErrorContaining("keyed by List<Flow.Color>");
  }

  @Test
  void throughAGetterReturningAField_isAnError() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            import java.util.*;
            @DurableWorkflow public class Flow {
              enum Fruit { APPLE, PEAR }
              static final class Order {
                private final Map<Fruit, Integer> items = new HashMap<>();
                Map<Fruit, Integer> getItems() { return items; }
              }
              @WorkflowMethod public void run(Order order) {
                order.getItems().forEach((fruit, count) -> pick(fruit, count));
              }
              @DurableStep void pick(Fruit fruit, int count) {}
            }
            """);
    assertThat(compile(src))
        .hadErrorContaining("order.getItems().forEach(...)")
        .inFile(src)
        .onLine(11)
        .atColumn(19);
  }

  @Test
  void fieldAssignedInTheConstructorAndCopies_areTraced() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            import java.util.*;
            @DurableWorkflow public class Flow {
              enum Fruit { APPLE, PEAR }
              private final Set<Fruit> basket;
              Flow() { this.basket = new HashSet<>(List.of(Fruit.APPLE, Fruit.PEAR)); }
              @WorkflowMethod public void run() {
                for (Fruit f : basket) { pick(f); }
                new ArrayList<>(basket).forEach(this::pick);
              }
              @DurableStep void pick(Fruit fruit) {}
            }
            """);
    Compilation compilation = compile(src);
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadErrorContaining("for (... : basket)").inFile(src).onLine(9).atColumn(20);
    assertThat(compilation)
        .hadErrorContaining("new ArrayList<>(basket).forEach(...)")
        .inFile(src)
        .onLine(10)
        .atColumn(5);
  }

  @Test
  void concurrentMap_namesAFixThatIsSafeForParallelBranches() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.Durable; import dev.durable.annotations.*;
            import java.util.*; import java.util.concurrent.*;
            @DurableWorkflow public class Flow {
              enum Region { EU, US }
              @WorkflowMethod public void run() {
                Map<Region, String> results = new ConcurrentHashMap<>();
                CompletableFuture.allOf(
                        Durable.async(() -> results.put(Region.EU, deploy(Region.EU))),
                        Durable.async(() -> results.put(Region.US, deploy(Region.US))))
                    .join();
                results.forEach((region, id) -> announce(region, id));
              }
              @DurableStep String deploy(Region region) { return region.name(); }
              @DurableStep void announce(Region region, String id) {}
            }
            """);
    assertThat(compile(src))
        .hadErrorContaining("results.forEach(...)")
        .inFile(src)
        .onLine(12)
        .atColumn(5);
    assertThat(compile(src)).hadErrorContaining("use a ConcurrentSkipListMap/ConcurrentSkipListSet");
    assertThat(compile(src)).hadErrorContaining("an EnumMap (not thread-safe)");
  }

  @Test
  void hashMapWrittenFromBranches_namesTheConcurrentFixToo() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.Durable; import dev.durable.annotations.*;
            import java.util.*; import java.util.concurrent.*;
            @DurableWorkflow public class Flow {
              enum Region { EU, US }
              @WorkflowMethod public void run() {
                Map<Region, String> results = Collections.synchronizedMap(new HashMap<>());
                Durable.async(() -> results.put(Region.EU, deploy(Region.EU))).join();
                for (Region region : results.keySet()) { announce(region); }
              }
              @DurableStep String deploy(Region region) { return region.name(); }
              @DurableStep void announce(Region region) {}
            }
            """);
    assertThat(compile(src))
        .hadErrorContaining("use a ConcurrentSkipListMap/ConcurrentSkipListSet")
        .inFile(src)
        .onLine(9)
        .atColumn(40);
  }

  @Test
  void valueHashedKeys_areAllowed() {
    assertThat(compile(flow("String", "for (String k : byKey.keySet()) { use(k); }")))
        .succeededWithoutWarnings();
    assertThat(compile(flow("Point", "byKey.values().forEach(v -> use(v));")))
        .succeededWithoutWarnings();
    assertThat(compile(flow("Path", "byKey.forEach((k, v) -> use(k));"))).succeededWithoutWarnings();
    assertThat(compile(flow("List<String>", "byKey.keySet().forEach(this::use);")))
        .succeededWithoutWarnings();
    assertThat(compile(flow("UUID", "for (UUID k : byKey.keySet()) { use(k); }")))
        .succeededWithoutWarnings();
  }

  @Test
  void keysOfUnknownHash_areNotReported() {
    assertThat(compile(flow("Object", "for (Object k : byKey.keySet()) { use(k); }")))
        .succeededWithoutWarnings();
    assertThat(compile(flow("Runnable", "byKey.forEach((k, v) -> use(k));")))
        .succeededWithoutWarnings();
  }

  @Test
  void usesThatIgnoreTheOrder_areAllowed() {
    assertThat(
            compile(
                flow(
                    "Color",
                    """
                    int total = 0;
                        for (Map.Entry<Color, Integer> e : byKey.entrySet()) { total += e.getValue(); }
                        EnumMap<Color, Integer> copy = new EnumMap<>(Color.class);
                        byKey.forEach((k, v) -> copy.merge(k, v, Integer::sum));
                        byKey.forEach((k, v) -> { if (v > 0) { copy.put(k, v); } });
                        int sum = byKey.values().stream().mapToInt(Integer::intValue).sum();
                        boolean red = byKey.keySet().stream().anyMatch(c -> c == Color.RED);
                        byKey.keySet().stream().sorted().forEach(this::use);
                        use(total + sum + copy.size() + (red ? 1 : 0));""")))
        .succeededWithoutWarnings();
  }

  @Test
  void orderedMapsWithEnumKeys_areAllowed() {
    assertThat(
            compile(
                flow(
                    "Color",
                    "new EnumMap<Color, String>(Color.class).forEach((k, v) -> use(k));"
                        + " new TreeMap<>(byKey).keySet().forEach(this::use);")))
        .succeededWithoutWarnings();
  }

  @Test
  void copyingIntoALinkedHashMap_keepsTheHashOrder() {
    JavaFileObject src = flow("Color", "new LinkedHashMap<>(byKey).keySet().forEach(this::use);");
    assertThat(compile(src)).hadErrorContaining("new LinkedHashMap<>(byKey).keySet().forEach(...)");
  }

  @Test
  void suppressedOnTheClass_isSilent() {
    JavaFileObject src =
        source(
            "test.Flow",
            """
            package test;
            import dev.durable.annotations.*;
            import java.util.*;
            @SuppressWarnings("DurableNoHashOrderIteration")
            @DurableWorkflow public class Flow {
              enum Color { RED }
              @WorkflowMethod public void run() { for (Color c : new HashSet<Color>()) { } }
            }
            """);
    assertThat(compile(src)).succeededWithoutWarnings();
  }
}
