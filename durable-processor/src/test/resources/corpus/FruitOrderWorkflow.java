package corpus;

import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** An order of fruit: reserves each fruit from stock, charges the total, and ships. */
@DurableWorkflow
public class FruitOrderWorkflow {
  public enum Fruit { APPLE, BANANA, CHERRY, DATE }

  public record Line(Fruit fruit, int quantity) {}

  /** The order as the workflow builds it; its items keep the fruits' declaration order. */
  public static final class Order {
    private final Map<Fruit, Integer> items = new EnumMap<>(Fruit.class);

    void add(Fruit fruit, int quantity) {
      items.merge(fruit, quantity, Integer::sum);
    }

    public Map<Fruit, Integer> getItems() {
      return items;
    }
  }

  public record Shipment(String orderId, int units, long chargedCents) {}

  @WorkflowMethod
  public Shipment placeOrder(String orderId, List<Line> lines) {
    Order order = new Order();
    for (Line line : lines) {
      order.add(line.fruit(), line.quantity());
    }
    order.getItems().forEach((fruit, quantity) -> reserve(orderId, fruit, quantity));
    int units = order.getItems().values().stream().mapToInt(Integer::intValue).sum();
    long cents = 0;
    for (Map.Entry<Fruit, Integer> item : order.getItems().entrySet()) {
      cents += (long) priceCents(item.getKey()) * item.getValue();
    }
    charge(orderId, cents);
    ship(orderId, units);
    return new Shipment(orderId, units, cents);
  }

  private static int priceCents(Fruit fruit) {
    return switch (fruit) {
      case APPLE -> 40;
      case BANANA -> 25;
      case CHERRY -> 5;
      case DATE -> 60;
    };
  }

  @DurableStep
  void reserve(String orderId, Fruit fruit, int quantity) {}

  @DurableStep
  void charge(String orderId, long cents) {}

  @DurableStep
  void ship(String orderId, int units) {}
}
