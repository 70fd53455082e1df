package dev.durable.processor.corpus;

import java.util.List;

/**
 * The seeded-bug suite: realistic replay bugs, each in a copy of one clean corpus workflow. Every
 * one is a mistake a careful reviewer would catch; issue 21 lists where each comes from.
 */
final class SeededBugs {
  private SeededBugs() {}

  static List<SeededBug> all() {
    return List.of(
        SeededBug.of(
            "order items in a HashMap keyed by an enum, iterated through a getter",
            "FruitOrderWorkflow",
            "import java.util.EnumMap;",
            "import java.util.HashMap;",
            "private final Map<Fruit, Integer> items = new EnumMap<>(Fruit.class);",
            "private final Map<Fruit, Integer> items = new HashMap<>();",
            "order.getItems().forEach((fruit, quantity) -> reserve(orderId, fruit, quantity));",
            "order.getItems().forEach((fruit, quantity) -> reserve(orderId, fruit, quantity));"
                + " // EXPECT: DurableNoHashOrderIteration"),
        SeededBug.of(
            "regions deduplicated through a HashSet of enums before fanning out",
            "ParallelScanWorkflow",
            "import java.util.HashMap;",
            "import java.util.HashMap;\nimport java.util.HashSet;",
            "for (Region region : regions) {",
            "Set<Region> unique = new HashSet<>(List.copyOf(regions));\n"
                + "    for (Region region : unique) { // EXPECT: DurableNoHashOrderIteration"),
        SeededBug.of(
            "branches write a ConcurrentHashMap keyed by an enum, then it is iterated",
            "ParallelScanWorkflow",
            "Map<Region, List<Finding>> byRegion = new ConcurrentSkipListMap<>();",
            "Map<Region, List<Finding>> byRegion = new java.util.concurrent.ConcurrentHashMap<>();",
            "byRegion.forEach((region, found) -> reportRegion(cluster, region, found.size()));",
            "byRegion.forEach((region, found) -> reportRegion(cluster, region, found.size()));"
                + " // EXPECT: DurableNoHashOrderIteration"),
        SeededBug.of(
            "an unseeded Random in a field, for jitter between rounds",
            "PeriodicCleanupWorkflow",
            "  public record Schedule(",
            "  private final java.util.Random jitter = new java.util.Random(); // EXPECT:"
                + " DurableNoRandom\n\n"
                + "  public record Schedule(",
            "waitFor(schedule.interval().toMillis());",
            "waitFor(schedule.interval().toMillis() + jitter.nextInt(1_000));"),
        SeededBug.of(
            "a clock kept in a field as Instant::now",
            "PeriodicCleanupWorkflow",
            "  public record Schedule(",
            "  private final java.util.function.Supplier<Instant> clock = Instant::now;"
                + " // EXPECT: DurableNoWallClock\n\n  public record Schedule(",
            "Instant now = Durable.now();",
            "Instant now = clock.get();"),
        SeededBug.of(
            "a branch failure swallowed around the fan-out's join",
            "ParallelScanWorkflow",
            "    CompletableFuture.allOf(branches.toArray(new CompletableFuture<?>[0])).join();",
            "    try {\n"
                + "      CompletableFuture.allOf(branches.toArray(new"
                + " CompletableFuture<?>[0])).join();\n"
                + "    } catch (java.util.concurrent.CompletionException e) { // EXPECT:"
                + " DurableNoSwallowedEngineErrors\n"
                + "      // some regions failed: report the others\n"
                + "    }"),
        SeededBug.of(
            "the saga catches Exception and returns instead of rethrowing",
            "TripBookingWorkflow",
            "} catch (BookingRefusedException e) {",
            "} catch (Exception e) { // EXPECT: DurableNoBroadCatchAroundSteps",
            "      throw e;",
            "      return new Itinerary(null, null, null);"),
        SeededBug.of(
            "another workflow created with new to send the notifications",
            "MoneyBatchWorkflow",
            "      notifyAccount(account, perAccount.get(account));",
            "      notifyAccount(account, perAccount.get(account));\n"
                + "      new GreetingLoopWorkflow().greetAll(List.of(new"
                + " GreetingLoopWorkflow.Person(account, \"en\"))); // EXPECT:"
                + " DurableNoWorkflowInstantiation"),
        SeededBug.of(
            "a random reference passed to a step",
            "MoneyBatchWorkflow",
            "      withdraw(transfer.from(), transfer.cents(), transfer.id());",
            "      String reference = java.util.UUID.randomUUID().toString(); // EXPECT:"
                + " DurableNoRandom\n"
                + "      withdraw(transfer.from(), transfer.cents(), reference);"),
        SeededBug.of(
            "a shard chosen from Objects.hash over an enum",
            "ClusterManagerWorkflow",
            "          assignJob(cluster, target.name(), command.argument());",
            "          int shard = Math.floorMod(java.util.Objects.hash(command.verb(),"
                + " command.argument()), 4); // EXPECT: DurableNoIdentityHashCode\n"
                + "          assignJob(cluster, target.name(), shard + \"/\" +"
                + " command.argument());"),
        SeededBug.of(
            "an injected Clock read for the state's timestamp",
            "ClusterManagerWorkflow",
            "  @WorkflowMethod",
            "  private final java.time.Clock clock;\n\n"
                + "  public ClusterManagerWorkflow(java.time.Clock clock) {\n"
                + "    this.clock = clock;\n"
                + "  }\n\n"
                + "  @WorkflowMethod",
            "return new ClusterState(nodes, perStatus, Durable.now());",
            "return new ClusterState(nodes, perStatus, clock.instant()); // EXPECT:"
                + " DurableNoWallClock"),
        SeededBug.of(
            "the report day taken in the machine's time zone",
            "ReportPollingWorkflow",
            "LocalDate reportDay = readyAt.atZone(ZoneOffset.UTC).toLocalDate();",
            "LocalDate reportDay = readyAt.atZone(java.time.ZoneId.systemDefault()).toLocalDate();"
                + " // EXPECT: DurableNoIo"),
        SeededBug.of(
            "the poll waits with TimeUnit.sleep in workflow code",
            "ReportPollingWorkflow",
            "      pause(wait.toMillis());",
            "      try {\n"
                + "        java.util.concurrent.TimeUnit.MILLISECONDS.sleep(wait.toMillis()); //"
                + " EXPECT: DurableNoThreads\n"
                + "      } catch (InterruptedException e) {\n"
                + "        throw new IllegalStateException(e);\n"
                + "      }"),
        SeededBug.of(
            "a greeting counter in a static AtomicInteger",
            "GreetingLoopWorkflow",
            "  public record Person(",
            "  private static final java.util.concurrent.atomic.AtomicInteger GREETED =\n"
                + "      new java.util.concurrent.atomic.AtomicInteger();\n\n"
                + "  public record Person(",
            "        sent++;",
            "        sent = GREETED.incrementAndGet(); // EXPECT: DurableNoMutableStatics"),
        SeededBug.of(
            "the first mirror to answer decides which copy is processed",
            "FileProcessingWorkflow",
            "      download(job.source(), local.toString());",
            "      java.util.concurrent.CompletableFuture<String> primary =\n"
                + "          dev.durable.Durable.async(() -> fetchFrom(\"primary\","
                + " job.source()));\n"
                + "      java.util.concurrent.CompletableFuture<String> mirror =\n"
                + "          dev.durable.Durable.async(() -> fetchFrom(\"mirror\","
                + " job.source()));\n"
                + "      String first = (String)"
                + " java.util.concurrent.CompletableFuture.anyOf(primary, mirror).join(); //"
                + " EXPECT: DurableNoBranchRace\n"
                + "      download(first, local.toString());",
            "  @DurableStep\n  void upload(",
            "  @DurableStep\n  String fetchFrom(String mirror, String source) {\n"
                + "    return mirror + \":\" + source;\n  }\n\n  @DurableStep\n  void upload("),
        SeededBug.of(
            "a deadline checked against the wall clock",
            "FileProcessingWorkflow",
            "public List<Processed> process(List<FileJob> jobs) {",
            "public List<Processed> process(List<FileJob> jobs, long deadlineMillis) {",
            "    for (Map.Entry<Path, FileJob> entry : downloads.entrySet()) {",
            "    for (Map.Entry<Path, FileJob> entry : downloads.entrySet()) {\n"
                + "      if (System.currentTimeMillis() > deadlineMillis) { // EXPECT:"
                + " DurableNoWallClock\n"
                + "        break;\n"
                + "      }"),
        SeededBug.of(
            "strict mode read from a system property",
            "DslInterpreterWorkflow",
            "        values.add(bindings.getOrDefault(argument, argument));",
            "        if (Boolean.getBoolean(\"dsl.strict\") && !bindings.containsKey(argument)) {"
                + " // EXPECT: DurableNoIo\n"
                + "          throw new IllegalArgumentException(\"unbound \" + argument);\n"
                + "        }\n"
                + "        values.add(bindings.getOrDefault(argument, argument));"),
        SeededBug.of(
            "defaults applied from a Map.of, calling a step per entry",
            "DslInterpreterWorkflow",
            "    execute(definition.root(), bindings);",
            "    for (String name : DEFAULTS.keySet()) { // EXPECT: DurableNoUnorderedIteration\n"
                + "      bindings.putIfAbsent(name, invoke(\"default\", List.of(name,"
                + " DEFAULTS.get(name))));\n"
                + "    }\n"
                + "    execute(definition.root(), bindings);",
            "  @WorkflowMethod",
            "  private static final Map<String, String> DEFAULTS = Map.of(\"region\", \"eu\","
                + " \"tier\", \"gold\");\n\n"
                + "  @WorkflowMethod"));
  }
}
