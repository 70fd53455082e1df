package dev.durable.cli;

/**
 * An action that failed for a reason the user can act on (unknown id, a finished run, a file that is
 * not a Durable database): printed as its one-line message, exit code 1, no stack trace unless
 * {@code --verbose}.
 */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CliException(String message) {
    super(message);
  }

  CliException(String message, Throwable cause) {
    super(message, cause);
  }
}
