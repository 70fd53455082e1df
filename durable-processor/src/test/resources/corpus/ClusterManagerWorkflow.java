package corpus;

import dev.durable.Durable;
import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cluster manager: applies a list of commands (start, assign, shutdown) to a cluster's nodes,
 * assigning jobs to the least loaded node, and reports the nodes per status.
 */
@DurableWorkflow
public class ClusterManagerWorkflow {
  private static final System.Logger log = System.getLogger("cluster-manager");

  public enum NodeStatus { STARTING, READY, DRAINING, STOPPED }

  public enum Verb { START, ASSIGN, SHUTDOWN }

  public record Command(Verb verb, String argument) {}

  public record Node(String name, NodeStatus status, int jobs) {}

  public record ClusterState(Map<String, Node> nodes, Map<NodeStatus, Integer> perStatus, Instant updatedAt) {}

  @WorkflowMethod
  public ClusterState manage(String cluster, List<String> nodeNames, List<Command> commands) {
    Map<String, Node> nodes = new TreeMap<>();
    for (String name : nodeNames) {
      nodes.put(name, new Node(name, NodeStatus.STARTING, 0));
    }
    Map<List<String>, String> assignments = new HashMap<>();
    for (Command command : commands) {
      switch (command.verb()) {
        case START -> {
          for (Node node : nodes.values()) {
            nodes.put(node.name(), new Node(node.name(), startNode(cluster, node.name()), 0));
          }
        }
        case ASSIGN -> {
          Node target = leastLoaded(nodes);
          assignJob(cluster, target.name(), command.argument());
          nodes.put(target.name(), new Node(target.name(), target.status(), target.jobs() + 1));
          assignments.put(List.of(target.name(), command.argument()), command.argument());
        }
        case SHUTDOWN -> {
          for (String name : nodes.keySet()) {
            drain(cluster, name);
          }
          nodes.replaceAll((name, node) -> new Node(name, NodeStatus.STOPPED, 0));
        }
      }
    }
    for (List<String> key : assignments.keySet()) {
      confirmAssignment(cluster, key.get(0), assignments.get(key));
    }
    Map<NodeStatus, Integer> perStatus = new EnumMap<>(NodeStatus.class);
    for (Node node : nodes.values()) {
      perStatus.merge(node.status(), 1, Integer::sum);
    }
    log.log(System.Logger.Level.INFO, "cluster {0}: {1}", cluster, perStatus);
    return new ClusterState(nodes, perStatus, Durable.now());
  }

  private static Node leastLoaded(Map<String, Node> nodes) {
    Node best = null;
    for (Node node : nodes.values()) {
      if (node.status() == NodeStatus.READY && (best == null || node.jobs() < best.jobs())) {
        best = node;
      }
    }
    if (best == null) {
      throw new IllegalStateException("no ready node");
    }
    return best;
  }

  @DurableStep
  NodeStatus startNode(String cluster, String node) {
    return NodeStatus.READY;
  }

  @DurableStep
  void assignJob(String cluster, String node, String job) {}

  @DurableStep
  void drain(String cluster, String node) {}

  @DurableStep
  void confirmAssignment(String cluster, String node, String job) {}
}
