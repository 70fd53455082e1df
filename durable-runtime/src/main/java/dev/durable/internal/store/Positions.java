package dev.durable.internal.store;

/**
 * Orders step positions as the workflow reached them: {@code 2 < 2.1 < 2.2 < 3 < 10}, comparing the
 * dot-separated numbers one by one rather than as text.
 */
public final class Positions {
  private Positions() {}

  public static int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ei = end(a, i);
      int ej = end(b, j);
      int byLength = Integer.compare(ei - i, ej - j);
      if (byLength != 0) {
        return byLength;
      }
      int byDigits = a.substring(i, ei).compareTo(b.substring(j, ej));
      if (byDigits != 0) {
        return byDigits;
      }
      i = ei + 1;
      j = ej + 1;
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  private static int end(String s, int from) {
    int dot = s.indexOf('.', from);
    return dot < 0 ? s.length() : dot;
  }
}
