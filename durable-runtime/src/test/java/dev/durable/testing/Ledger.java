package dev.durable.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts side effects of test steps, in memory: how many times each step body really ran. */
public final class Ledger {
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  private final List<String> order = new CopyOnWriteArrayList<>();

  public void ran(String what) {
    counts.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
    order.add(what);
  }

  public int count(String what) {
    AtomicInteger c = counts.get(what);
    return c == null ? 0 : c.get();
  }

  public int total() {
    return order.size();
  }

  public List<String> order() {
    return List.copyOf(order);
  }
}
