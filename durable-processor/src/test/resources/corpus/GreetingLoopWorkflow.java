package corpus;

import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import java.util.ArrayList;
import java.util.List;

/** Loops: greets a list of people a number of times, one step per greeting, and counts them. */
@DurableWorkflow
public class GreetingLoopWorkflow {
  public static String COMPLETION_SUCCESS = "greetings sent";
  private static int GREETINGS_PER_PERSON = 3;
  private static final System.Logger log = System.getLogger(GreetingLoopWorkflow.class.getName());

  public record Person(String name, String language) {}

  public record Summary(String status, int sent, List<String> lines) {}

  @WorkflowMethod
  public Summary greetAll(List<Person> people) {
    List<String> lines = new ArrayList<>();
    int sent = 0;
    for (Person person : people) {
      for (int round = 1; round <= GREETINGS_PER_PERSON; round++) {
        lines.add(greet(person, round));
        sent++;
      }
      log.log(System.Logger.Level.INFO, "greeted {0} {1} times", person.name(), GREETINGS_PER_PERSON);
    }
    return new Summary(COMPLETION_SUCCESS, sent, lines);
  }

  @DurableStep
  String greet(Person person, int round) {
    String hello = person.language().equals("fr") ? "Bonjour" : "Hello";
    return hello + ", " + person.name() + " (#" + round + ")";
  }
}
