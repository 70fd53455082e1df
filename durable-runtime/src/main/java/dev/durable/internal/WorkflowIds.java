package dev.durable.internal;

/**
 * Which workflow ids are valid: any non-blank text of at most {@value #MAX_LENGTH} characters
 * without control characters. Quotes, semicolons, shell metacharacters and non-ASCII letters are all
 * fine: ids are only ever bound as SQL parameters, never concatenated.
 */
final class WorkflowIds {
  static final int MAX_LENGTH = 512;

  private WorkflowIds() {}

  static void check(String workflowId) {
    if (workflowId == null) {
      throw new IllegalArgumentException("The workflow id is null. Fix: pass a stable business key, such as"
          + " \"onboarding-\" + employeeId, so a rerun after a crash finds the same workflow.");
    }
    if (workflowId.isBlank()) {
      throw new IllegalArgumentException("The workflow id is empty or blank. Fix: pass a stable business key,"
          + " such as \"onboarding-\" + employeeId.");
    }
    if (workflowId.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("The workflow id is " + workflowId.length() + " characters long; at most "
          + MAX_LENGTH + " are allowed (it starts with \"" + workflowId.substring(0, 40) + "...\"). Fix: use a"
          + " shorter key, or a hash of the long one.");
    }
    for (int i = 0; i < workflowId.length(); i++) {
      if (Character.isISOControl(workflowId.charAt(i))) {
        throw new IllegalArgumentException("The workflow id contains the control character U+"
            + String.format("%04X", (int) workflowId.charAt(i)) + " at index " + i + ". Ids appear in logs and"
            + " messages, so control characters are not allowed. Fix: remove it.");
      }
    }
  }
}
