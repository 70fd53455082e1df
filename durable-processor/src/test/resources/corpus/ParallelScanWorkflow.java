package corpus;

import dev.durable.Durable;
import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Parallel fan-out: scans every region of a cluster in its own branch, then merges the findings.
 * Branches write a sorted concurrent map; totals are summed from a hash map, which ignores order.
 */
@DurableWorkflow
public class ParallelScanWorkflow {
  public enum Region { EU_WEST, EU_NORTH, US_EAST, AP_SOUTH }

  public enum Severity { LOW, HIGH, CRITICAL }

  public record Finding(Region region, Severity severity, String resource) {}

  public record ScanReport(Map<Region, Integer> perRegion, Map<Severity, Integer> perSeverity, boolean paged) {}

  private static final Set<Severity> PAGING = Set.of(Severity.CRITICAL);

  @WorkflowMethod
  public ScanReport scan(String cluster, List<Region> regions) {
    Map<Region, List<Finding>> byRegion = new ConcurrentSkipListMap<>();
    List<CompletableFuture<List<Finding>>> branches = new ArrayList<>();
    for (Region region : regions) {
      branches.add(Durable.async(() -> byRegion.put(region, scanRegion(cluster, region))));
    }
    CompletableFuture.allOf(branches.toArray(new CompletableFuture<?>[0])).join();

    Map<Region, Integer> perRegion = new EnumMap<>(Region.class);
    Map<Severity, Integer> counts = new HashMap<>();
    for (Map.Entry<Region, List<Finding>> entry : byRegion.entrySet()) {
      perRegion.put(entry.getKey(), entry.getValue().size());
      for (Finding finding : entry.getValue()) {
        counts.merge(finding.severity(), 1, Integer::sum);
      }
    }
    Map<Severity, Integer> perSeverity = new EnumMap<>(Severity.class);
    counts.forEach((severity, n) -> perSeverity.put(severity, n));
    int total = counts.values().stream().mapToInt(Integer::intValue).sum();
    boolean page = counts.keySet().stream().anyMatch(PAGING::contains);
    byRegion.forEach((region, found) -> reportRegion(cluster, region, found.size()));
    if (page) {
      pageOnCall(cluster, total);
    }
    return new ScanReport(perRegion, perSeverity, page);
  }

  @DurableStep
  List<Finding> scanRegion(String cluster, Region region) {
    return List.of(new Finding(region, Severity.LOW, cluster + "/" + region.name().toLowerCase()));
  }

  @DurableStep
  void reportRegion(String cluster, Region region, int findings) {}

  @DurableStep
  void pageOnCall(String cluster, int findings) {}
}
