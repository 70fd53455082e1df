package dev.durable.bench;

import dev.durable.LeaseLostException;
import dev.durable.WorkflowStatus;
import dev.durable.internal.store.Claim;
import dev.durable.internal.store.Deletion;
import dev.durable.internal.store.EventDelivery;
import dev.durable.internal.store.NewWorkflow;
import dev.durable.internal.store.OwnerLiveness;
import dev.durable.internal.store.StepRecord;
import dev.durable.internal.store.StepStatus;
import dev.durable.internal.store.StoredEvent;
import dev.durable.internal.store.WaitKeys;
import dev.durable.internal.store.WorkflowRecord;
import dev.durable.internal.store.WorkflowStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A store that keeps everything in memory and commits nothing, so that a workflow run on it costs
 * little more than the engine's own work (row 4). Step writes are appended to a per-workflow log (a
 * list append is the cheapest honest "write"); reading a history folds the log, later writes
 * winning. It keeps the SQLite store's semantics where the engine can see them (claims, the owner
 * fence on every write), so the engine takes the same paths.
 */
final class InMemoryWorkflowStore implements WorkflowStore {
  private final Map<String, WorkflowRecord> workflows = new ConcurrentHashMap<>();
  /** One process, so every owner is alive until its lease expires. */
  private static final OwnerLiveness LIVENESS = owner -> true;

  private final Map<String, List<StepRecord>> logs = new ConcurrentHashMap<>();
  /** Every event sent, in order; an event's seq is its index plus one. */
  private final List<StoredEvent> events = new ArrayList<>();

  @Override
  public Optional<WorkflowRecord> find(String workflowId) {
    return Optional.ofNullable(workflows.get(workflowId));
  }

  @Override
  public synchronized Claim claim(NewWorkflow w, String owner, long now, long leaseExpiresAt, boolean mayStart) {
    WorkflowRecord existing = workflows.get(w.workflowId());
    if (existing == null && !mayStart) {
      return new Claim(Claim.Kind.ABSENT, null);
    }
    if (existing == null) {
      WorkflowRecord created = new WorkflowRecord(w.workflowId(), w.workflowName(), w.className(), w.method(),
          w.argumentsJson(), WorkflowStatus.RUNNING, null, w.fingerprint(), owner, leaseExpiresAt, 1, now, now, 0, false,
          null, null, List.of());
      workflows.put(w.workflowId(), created);
      logs.put(w.workflowId(), Collections.synchronizedList(new ArrayList<>()));
      return new Claim(Claim.Kind.STARTED, created);
    }
    Claim refused = Claim.refusal(existing, owner, now, LIVENESS);
    if (refused != null) {
      return refused;
    }
    WorkflowRecord taken = new WorkflowRecord(existing.workflowId(), existing.workflowName(), existing.className(),
        existing.method(), existing.argumentsJson(), WorkflowStatus.RUNNING, null,
        w.fingerprint() != null ? w.fingerprint() : existing.fingerprint(), owner, leaseExpiresAt, existing.runs() + 1,
        existing.createdAt(), now, 0, existing.cancelRequested(), existing.cancelledAt(), existing.parentId(), List.of());
    workflows.put(w.workflowId(), taken);
    return new Claim(existing.runs() == 0 ? Claim.Kind.STARTED : Claim.Kind.RESUMED, taken);
  }

  /** {@code w} with a new status, output, owner, wake-up time and update time; the rest kept. */
  private static WorkflowRecord with(WorkflowRecord w, WorkflowStatus status, String output, String owner, long wakeAt,
      long now) {
    return with(w, status, output, owner, wakeAt, now, List.of());
  }

  private static WorkflowRecord with(WorkflowRecord w, WorkflowStatus status, String output, String owner, long wakeAt,
      long now, List<String> waitingFor) {
    return new WorkflowRecord(w.workflowId(), w.workflowName(), w.className(), w.method(), w.argumentsJson(), status,
        output, w.fingerprint(), owner, owner == null ? 0 : w.leaseExpiresAt(), w.runs(), w.createdAt(), now, wakeAt,
        w.cancelRequested(), w.cancelledAt(), w.parentId(), waitingFor);
  }

  @Override
  public List<StepRecord> history(String workflowId) {
    return new ArrayList<>(fold(logs.getOrDefault(workflowId, List.of())).values());
  }

  private static Map<String, StepRecord> fold(List<StepRecord> log) {
    Map<String, StepRecord> byPosition = new LinkedHashMap<>();
    synchronized (log) {
      for (StepRecord r : log) {
        byPosition.put(r.position(), r);
      }
    }
    return byPosition;
  }

  @Override
  public List<StepRecord> startedSteps(String workflowId, String owner) {
    return List.of();
  }

  @Override
  public void stepStarted(String workflowId, String owner, StepRecord step) {
    fence(workflowId, owner).add(step);
  }

  @Override
  public void stepFinished(String workflowId, String owner, StepRecord step) {
    fence(workflowId, owner).add(step);
  }

  @Override
  public synchronized void workflowFinished(
      String workflowId, String owner, WorkflowStatus outcome, String outputJson, List<String> reopen, long now) {
    List<StepRecord> log = fence(workflowId, owner);
    Map<String, StepRecord> history = fold(log);
    for (String position : reopen) {
      history.computeIfPresent(position, (p, s) -> s.status() != StepStatus.FAILED ? s
          : new StepRecord(p, s.name(), StepStatus.REOPENED, s.attempts(), s.outputJson(), s.startedAt(), s.finishedAt()));
    }
    synchronized (log) {
      log.clear();
      log.addAll(history.values());
    }
    WorkflowRecord finished = with(workflows.get(workflowId), outcome, outputJson, null, 0, now);
    workflows.put(workflowId, finished);
    if (finished.parentId() != null) {
      wakeIfWaiting(finished.parentId(), WaitKeys.child(workflowId), now);
    }
  }

  /** Makes a WAITING run due now if it waits for {@code key}; returns whether it did. */
  private boolean wakeIfWaiting(String workflowId, String key, long now) {
    WorkflowRecord w = workflows.get(workflowId);
    if (w == null || w.status() != WorkflowStatus.WAITING || !w.waitingFor().contains(key)) {
      return false;
    }
    workflows.put(workflowId, with(w, WorkflowStatus.WAITING, null, null, now, now, w.waitingFor()));
    return true;
  }

  /** The write fence of the SQLite store: only the owner of a running workflow may write to it. */
  private List<StepRecord> fence(String workflowId, String owner) {
    WorkflowRecord w = workflows.get(workflowId);
    if (w == null || !owner.equals(w.owner()) || w.status() != WorkflowStatus.RUNNING) {
      throw new LeaseLostException("in-memory store: " + owner + " does not own workflow '" + workflowId + "'");
    }
    return logs.get(workflowId);
  }

  @Override
  public synchronized void release(String workflowId, String owner, long retryAt, long now) {
    fence(workflowId, owner);
    workflows.put(workflowId, with(workflows.get(workflowId), WorkflowStatus.PENDING, null, null, retryAt, now));
  }

  @Override
  public synchronized long suspend(String workflowId, String owner, long wakeAt, List<String> waitingFor, long now) {
    fence(workflowId, owner);
    boolean arrived = waitingFor.stream().anyMatch(key -> arrived(workflowId, key));
    long due = arrived ? now : wakeAt;
    workflows.put(workflowId, with(workflows.get(workflowId), WorkflowStatus.WAITING, null, null, due, now, waitingFor));
    return due;
  }

  private boolean arrived(String workflowId, String key) {
    String name = WaitKeys.eventName(key);
    if (name != null) {
      return nextEvent(workflowId, name).isPresent();
    }
    WorkflowRecord child = workflows.get(WaitKeys.childId(key));
    return child != null && child.status().isFinished();
  }

  @Override
  public synchronized EventDelivery sendEvent(String workflowId, String name, String payloadJson, String payloadType,
      long now) {
    WorkflowRecord target = workflows.get(workflowId);
    if (target == null || target.status() == WorkflowStatus.COMPLETED) {
      return new EventDelivery(target, false, false);
    }
    events.add(new StoredEvent(events.size() + 1, workflowId, name, payloadJson, payloadType, now, null));
    boolean woken = wakeIfWaiting(workflowId, WaitKeys.event(name), now);
    return new EventDelivery(workflows.get(workflowId), true, woken);
  }

  @Override
  public synchronized EventDelivery enqueueWithEvent(NewWorkflow workflow, String name, String payloadJson,
      String payloadType, long now) {
    enqueue(workflow, now);
    return sendEvent(workflow.workflowId(), name, payloadJson, payloadType, now);
  }

  @Override
  public synchronized EventDelivery sendEventFromRun(String senderId, String owner, StepRecord sendStep, String targetId,
      String name, String payloadJson, String payloadType, long now) {
    List<StepRecord> log = fence(senderId, owner);
    EventDelivery delivery = sendEvent(targetId, name, payloadJson, payloadType, now);
    if (delivery.stored()) {
      log.add(sendStep);
    }
    return delivery;
  }

  @Override
  public synchronized Optional<StoredEvent> nextEvent(String workflowId, String name) {
    return events.stream()
        .filter(e -> e.workflowId().equals(workflowId) && e.name().equals(name) && e.consumedBy() == null)
        .findFirst();
  }

  @Override
  public synchronized boolean consumeEvent(String workflowId, String owner, long seq, StepRecord step) {
    List<StepRecord> log = fence(workflowId, owner);
    int index = (int) seq - 1;
    StoredEvent e = events.get(index);
    if (e.consumedBy() != null) {
      return false;
    }
    events.set(index, new StoredEvent(e.seq(), e.workflowId(), e.name(), e.payloadJson(), e.payloadType(), e.sentAt(),
        step.position()));
    log.add(step);
    return true;
  }

  @Override
  public synchronized List<StoredEvent> events(String workflowId) {
    return events.stream().filter(e -> e.workflowId().equals(workflowId)).toList();
  }

  @Override
  public synchronized WorkflowRecord startChild(String parentId, String owner, StepRecord startStep, NewWorkflow child,
      long now) {
    List<StepRecord> log = fence(parentId, owner);
    WorkflowRecord stored = workflows.computeIfAbsent(child.workflowId(), id -> {
      logs.put(id, Collections.synchronizedList(new ArrayList<>()));
      return new WorkflowRecord(id, child.workflowName(), child.className(), child.method(), child.argumentsJson(),
          WorkflowStatus.PENDING, null, child.fingerprint(), null, 0, 0, now, now, 0, false, null, parentId, List.of());
    });
    log.add(startStep);
    return stored;
  }

  @Override
  public synchronized WorkflowRecord enqueue(NewWorkflow w, long now) {
    return workflows.computeIfAbsent(w.workflowId(), id -> {
      logs.put(id, Collections.synchronizedList(new ArrayList<>()));
      return new WorkflowRecord(id, w.workflowName(), w.className(), w.method(), w.argumentsJson(), WorkflowStatus.PENDING,
          null, w.fingerprint(), null, 0, 0, now, now, 0, false, null, null, List.of());
    });
  }

  @Override
  public synchronized Optional<WorkflowRecord> acceptCode(String workflowId, String recorded, long now) {
    WorkflowRecord w = workflows.get(workflowId);
    if (w == null || w.status() != WorkflowStatus.WAITING) {
      return Optional.ofNullable(w);
    }
    String fingerprint = w.waitingFor().stream().map(dev.durable.internal.store.WaitKeys::codeFingerprint)
        .filter(java.util.Objects::nonNull).findFirst().orElse(null);
    if (fingerprint == null) {
      return Optional.of(w);
    }
    WorkflowRecord accepted = new WorkflowRecord(w.workflowId(), w.workflowName(), w.className(), w.method(),
        w.argumentsJson(), WorkflowStatus.PENDING, null, recorded != null ? recorded : fingerprint, null, 0, w.runs(),
        w.createdAt(), now, 0,
        w.cancelRequested(), w.cancelledAt(), w.parentId(), List.of());
    workflows.put(workflowId, accepted);
    return Optional.of(accepted);
  }

  @Override
  public synchronized boolean enqueueWithHistory(NewWorkflow w, List<StepRecord> history, long now) {
    if (workflows.containsKey(w.workflowId())) {
      return false;
    }
    WorkflowRecord pending = enqueue(w, now);
    workflows.put(w.workflowId(), new WorkflowRecord(pending.workflowId(), pending.workflowName(), pending.className(),
        pending.method(), pending.argumentsJson(), pending.status(), null, pending.fingerprint(), null, 0, 1,
        pending.createdAt(), now, 0, false, null, null, List.of()));
    logs.get(w.workflowId()).addAll(history);
    return true;
  }

  @Override
  public synchronized Optional<WorkflowRecord> requestCancel(String workflowId, long now) {
    WorkflowRecord w = workflows.get(workflowId);
    if (w != null && !w.status().isFinished()) {
      boolean idle = w.status() != WorkflowStatus.RUNNING && w.cancelledAt() == null;
      w = new WorkflowRecord(w.workflowId(), w.workflowName(), w.className(), w.method(), w.argumentsJson(), w.status(),
          w.outputJson(), w.fingerprint(), w.owner(), w.leaseExpiresAt(), w.runs(), w.createdAt(), now,
          idle ? now : w.wakeAt(), true, w.cancelledAt(), w.parentId(), w.waitingFor());
      workflows.put(workflowId, w);
    }
    return Optional.ofNullable(w);
  }

  @Override
  public synchronized void cancellationDelivered(String workflowId, String owner, String position) {
    fence(workflowId, owner);
    WorkflowRecord w = workflows.get(workflowId);
    workflows.put(workflowId, new WorkflowRecord(w.workflowId(), w.workflowName(), w.className(), w.method(),
        w.argumentsJson(), w.status(), w.outputJson(), w.fingerprint(), w.owner(), w.leaseExpiresAt(), w.runs(),
        w.createdAt(), w.updatedAt(), w.wakeAt(), w.cancelRequested(), position, w.parentId(), w.waitingFor()));
  }

  @Override
  public synchronized Optional<WorkflowRecord> restart(String workflowId, long now) {
    WorkflowRecord w = workflows.get(workflowId);
    if (w != null && (w.status() == WorkflowStatus.FAILED || w.status() == WorkflowStatus.CANCELLED)) {
      w = new WorkflowRecord(w.workflowId(), w.workflowName(), w.className(), w.method(), w.argumentsJson(),
          WorkflowStatus.PENDING, null, w.fingerprint(), null, 0, w.runs(), w.createdAt(), now, 0, false, null,
          w.parentId(), List.of());
      workflows.put(workflowId, w);
    }
    return Optional.ofNullable(w);
  }

  @Override
  public List<WorkflowRecord> list(WorkflowStatus status, String workflowName, long createdSince, int limit) {
    return workflows.values().stream()
        .filter(w -> status == null || w.status() == status)
        .filter(w -> workflowName == null || w.workflowName().equals(workflowName))
        .filter(w -> w.createdAt() >= createdSince)
        .sorted(Comparator.comparingLong(WorkflowRecord::createdAt).thenComparing(WorkflowRecord::workflowId).reversed())
        .limit(limit)
        .toList();
  }

  @Override
  public List<WorkflowRecord> ready(long now, long dueBefore, int limit, Set<String> excluded) {
    // One process: no owner is ever gone, so only runs nobody holds are ready.
    return workflows.values().stream()
        .filter(w -> w.status() == WorkflowStatus.PENDING || w.status() == WorkflowStatus.WAITING)
        .filter(w -> !excluded.contains(w.workflowId()))
        .filter(w -> w.wakeAt() <= dueBefore || w.status() == WorkflowStatus.WAITING && WorkflowStore.cancellationDue(w))
        .limit(limit)
        .toList();
  }

  @Override
  public List<String> cancelRequested(String owner) {
    return workflows.values().stream()
        .filter(w -> owner.equals(w.owner()) && w.status() == WorkflowStatus.RUNNING && w.cancelRequested())
        .map(WorkflowRecord::workflowId)
        .toList();
  }

  @Override
  public void renewLeases(String owner, Collection<String> workflowIds, long leaseExpiresAt) {
    // Leases never expire in memory.
  }

  @Override
  public List<WorkflowRecord> unfinished() {
    return workflows.values().stream().filter(w -> !w.status().isFinished()).toList();
  }

  @Override
  public synchronized Deletion delete(String workflowId, String asker, long now) {
    WorkflowRecord existing = workflows.get(workflowId);
    if (existing != null && LIVENESS.heldByAnother(existing, asker, now)) {
      return new Deletion(true, existing.owner());
    }
    logs.remove(workflowId);
    // Kept in place, belonging to no run and consumed, so that every other event's seq stays its index + 1.
    events.replaceAll(e -> e.workflowId().equals(workflowId)
        ? new StoredEvent(e.seq(), "", e.name(), "null", null, e.sentAt(), "deleted") : e);
    return new Deletion(workflows.remove(workflowId) != null, null);
  }

  @Override
  public String location() {
    return "in-memory";
  }

  @Override
  public void close() {}
}
