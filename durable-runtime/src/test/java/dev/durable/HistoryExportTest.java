package dev.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.durable.internal.HistoryFormat;
import dev.durable.internal.store.StepStatus;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code exportHistory} writes the durable-history document, and the format reads it back as written. */
class HistoryExportTest extends StoreContract {
  @Test
  void anExportedHistory_readsBackWithItsCallStepsAndEvents() {
    try (DurableEngine engine = builder("export").pollInterval(Duration.ofMillis(20)).build()) {
      engine.sendEventWithStart(EventsAndChildrenTest.Approval.class, "ex-1", a -> a.decide("laptop"), "approval",
          new EventsAndChildrenTest.Decision("maria", true));
      engine.handle("ex-1", String.class).result(Duration.ofSeconds(10));

      String json = engine.exportHistory("ex-1").orElseThrow();
      HistoryFormat.History history = HistoryFormat.read(json, "the export");

      assertThat(json).contains("\"format\" : \"durable-history\"", "\"formatVersion\" : 1");
      assertThat(history.call().workflowId()).isEqualTo("ex-1");
      assertThat(history.call().argumentsJson()).isEqualTo("[\"laptop\"]");
      assertThat(history.steps()).isNotEmpty().allMatch(s -> s.status() == StepStatus.COMPLETED);
      assertThat(history.events()).singleElement().satisfies(e -> {
        assertThat(e.name()).isEqualTo("approval");
        assertThat(e.payloadJson()).contains("\"by\":\"maria\"");
        assertThat(e.consumedAt()).isNotNull();
      });
      assertThat(engine.exportHistory("nobody")).isEmpty();
    }
  }

  @Test
  void aDocumentOfAnotherKindOrANewerVersion_isRefusedWithTheFix() {
    assertThatThrownBy(() -> HistoryFormat.read("{\"format\":\"other\"}", "f.json"))
        .hasMessageContaining("f.json is not a Durable history").hasMessageContaining("Fix:");
    assertThatThrownBy(() -> HistoryFormat.read("{\"format\":\"durable-history\",\"formatVersion\":99}", "g.json"))
        .hasMessageContaining("has history format version 99").hasMessageContaining("Fix:");
  }
}
