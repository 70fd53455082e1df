package dev.durable.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Prints a usage error as one line on standard error, with what to run for the usage, and exits 2.
 * Picocli's default prints the whole usage text, which buries the one line that says what was wrong.
 */
final class UsageErrorReporter implements IParameterExceptionHandler {
  /** A command line that parsed but that a command refuses, with a message that already says the fix. */
  static final class Refusal extends ParameterException {
    private static final long serialVersionUID = 1L;

    Refusal(CommandLine command, String message) {
      super(command, message);
    }
  }

  @Override
  public int handleParseException(ParameterException error, String[] args) {
    CommandLine command = error.getCommandLine();
    StringBuilder line = new StringBuilder("durable: ").append(Display.oneLine(error.getMessage()));
    if (!(error instanceof Refusal)) {
      appendPeriod(line);
      if (error instanceof UnmatchedArgumentException unmatched) {
        List<String> suggestions = unmatched.getSuggestions();
        if (!suggestions.isEmpty()) {
          line.append(" Did you mean: ").append(String.join(", ", suggestions)).append('?');
        }
      }
      line.append(" Fix: see '").append(command.getCommandSpec().qualifiedName()).append(" --help'.");
    }
    PrintWriter err = command.getErr();
    err.println(line);
    err.flush();
    return command.getCommandSpec().exitCodeOnInvalidInput();
  }

  private static void appendPeriod(StringBuilder line) {
    char last = line.charAt(line.length() - 1);
    if (last != '.' && last != '?' && last != '!') {
      line.append('.');
    }
  }
}
