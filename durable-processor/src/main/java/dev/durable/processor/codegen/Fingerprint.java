package dev.durable.processor.codegen;

import com.sun.source.tree.Tree;
import com.sun.source.util.Trees;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * A hash of a workflow's code: SHA-256 (first 16 bytes, hex) over each walked method, keyed by its
 * declaring class and signature and sorted by that key, followed by javac's rendering of its tree.
 * Comments and formatting do not count (the rendering is of the syntax tree), step bodies are not
 * walked, and the order does not depend on the walk. The runtime compares it when resuming a run.
 *
 * <p>The result is {@code FULL/PATCHFREE}: the hash of the code, and the hash of the same code with
 * its {@code Durable.patched} blocks taken out ({@link PatchFreeCode}). Code changed only inside
 * patches keeps its patch-free hash.
 */
public final class Fingerprint {
  private Fingerprint() {}

  public static String of(
      Collection<ExecutableElement> methods, Trees trees, Types types, Elements elements) {
    ReflectiveNames names = new ReflectiveNames(types, elements);
    Map<String, String> canonical = new TreeMap<>();
    for (ExecutableElement method : methods) {
      Tree tree = trees.getTree(method);
      String key =
          elements.getBinaryName((TypeElement) method.getEnclosingElement())
              + "#"
              + names.signature(method);
      canonical.put(key, tree == null ? "" : tree.toString());
    }
    Map<String, String> patchFree = new TreeMap<>();
    canonical.forEach((key, code) -> patchFree.put(key, PatchFreeCode.strip(code)));
    return hash(canonical) + "/" + hash(patchFree);
  }

  private static String hash(Map<String, String> canonical) {
    MessageDigest sha256 = sha256();
    for (Map.Entry<String, String> entry : canonical.entrySet()) {
      sha256.update(entry.getKey().getBytes(StandardCharsets.UTF_8));
      sha256.update((byte) 0);
      sha256.update(entry.getValue().getBytes(StandardCharsets.UTF_8));
      sha256.update((byte) 0);
    }
    byte[] digest = sha256.digest();
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      hex.append(Character.forDigit((digest[i] >> 4) & 0xF, 16))
          .append(Character.forDigit(digest[i] & 0xF, 16));
    }
    return hex.toString();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform is required to provide SHA-256 (MessageDigest's Javadoc).
      throw new IllegalStateException(e);
    }
  }
}
