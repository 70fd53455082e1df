package dev.durable.processor.codegen;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Workflow code as it was before its patches: every {@code if (Durable.patched("id")) THEN [else
 * ELSE]} statement in javac's rendering of a method is replaced by {@code ELSE} (or by nothing). Code
 * whose only changes since a run started are such patches then renders, and hashes, as the code
 * that started it, which is what {@code ChangedCodePolicy.PATCHES_ONLY} compares.
 *
 * <p>Only the documented form is recognised: {@code Durable.patched(...)} (or fully qualified) as the
 * whole condition. Anything else ({@code !Durable.patched(...)}, a condition combining it, a static
 * import) is left in place, so it counts as a change: the policy then holds the run, the safe side.
 * The text is scanned with string and character literals skipped, so braces or semicolons inside
 * them do not end a block.
 */
final class PatchFreeCode {
  private static final Pattern PATCHED_IF = Pattern.compile("if \\((dev\\.durable\\.)?Durable\\.patched\\(");

  private PatchFreeCode() {}

  static String strip(String code) {
    return normalizeSpaces(removePatches(code));
  }

  private static String removePatches(String code) {
    String text = code;
    int from = 0;
    while (true) {
      Matcher m = PATCHED_IF.matcher(text);
      if (!m.find(from)) {
        return text;
      }
      int start = m.start();
      if (insideLiteral(text, start)) {
        from = m.end();
        continue;
      }
      int conditionEnd = matching(text, start + "if ".length());
      int thenStart = skipSpaces(text, conditionEnd + 1);
      int thenEnd = statementEnd(text, thenStart);
      int afterThen = skipSpaces(text, thenEnd + 1);
      String replacement = "";
      int end = thenEnd;
      if (text.startsWith("else", afterThen) && !Character.isJavaIdentifierPart(charAt(text, afterThen + 4))) {
        int elseStart = skipSpaces(text, afterThen + 4);
        end = statementEnd(text, elseStart);
        // The old code, without the braces the patch put around it.
        replacement = text.charAt(elseStart) == '{' ? text.substring(elseStart + 1, end)
            : text.substring(elseStart, end + 1);
      }
      text = text.substring(0, start) + replacement + text.substring(end + 1);
      // The replacement may hold patches of its own: look at it again.
      from = start;
    }
  }

  /**
   * Every run of white space outside literals made one space, so that taking a block out (or its
   * braces) leaves the same text as code that never had it.
   */
  private static String normalizeSpaces(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\'') {
        int end = literalEnd(text, i);
        out.append(text, i, end + 1);
        i = end;
      } else if (Character.isWhitespace(c)) {
        int next = skipSpaces(text, i);
        out.append(' ');
        i = next - 1;
      } else {
        out.append(c);
      }
    }
    return out.toString().trim();
  }

  /** The index of the last character of the statement that starts at {@code start}. */
  private static int statementEnd(String text, int start) {
    if (charAt(text, start) == '{') {
      return matching(text, start);
    }
    if (text.startsWith("if", start) && charAt(text, skipSpaces(text, start + 2)) == '(') {
      int conditionEnd = matching(text, skipSpaces(text, start + 2));
      int thenEnd = statementEnd(text, skipSpaces(text, conditionEnd + 1));
      int afterThen = skipSpaces(text, thenEnd + 1);
      if (text.startsWith("else", afterThen) && !Character.isJavaIdentifierPart(charAt(text, afterThen + 4))) {
        return statementEnd(text, skipSpaces(text, afterThen + 4));
      }
      return thenEnd;
    }
    // A simple statement: up to its semicolon, outside brackets (a lambda's body has its own).
    int depth = 0;
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\'') {
        i = literalEnd(text, i);
      } else if (c == '(' || c == '{' || c == '[') {
        depth++;
      } else if (c == ')' || c == '}' || c == ']') {
        depth--;
      } else if (c == ';' && depth == 0) {
        return i;
      }
    }
    return text.length() - 1;
  }

  /** The index of the bracket that closes the one at {@code open}. */
  private static int matching(String text, int open) {
    int depth = 0;
    for (int i = open; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\'') {
        i = literalEnd(text, i);
      } else if (c == '(' || c == '{' || c == '[') {
        depth++;
      } else if (c == ')' || c == '}' || c == ']') {
        depth--;
        if (depth == 0) {
          return i;
        }
      }
    }
    return text.length() - 1;
  }

  /** The index of the quote that closes the literal opened at {@code quote}. */
  private static int literalEnd(String text, int quote) {
    char q = text.charAt(quote);
    for (int i = quote + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == q) {
        return i;
      }
    }
    return text.length() - 1;
  }

  private static boolean insideLiteral(String text, int index) {
    for (int i = 0; i < index; i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\'') {
        int end = literalEnd(text, i);
        if (end > index) {
          return true;
        }
        i = end;
      }
    }
    return false;
  }

  private static int skipSpaces(String text, int from) {
    int i = from;
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return i;
  }

  private static char charAt(String text, int i) {
    return i < text.length() ? text.charAt(i) : ' ';
  }
}
