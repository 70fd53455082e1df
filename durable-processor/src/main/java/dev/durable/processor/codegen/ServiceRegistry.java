package dev.durable.processor.codegen;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import javax.annotation.processing.Filer;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Collects descriptor class names over all rounds and writes them once, when processing is over,
 * to {@code META-INF/services/dev.durable.WorkflowDescriptor}. Entries already in the output (from
 * an earlier incremental build) are kept, as AutoService does, since javac cannot tell us which
 * workflow classes were deleted.
 */
public final class ServiceRegistry {
  static final String RESOURCE = "META-INF/services/" + DescriptorGenerator.DESCRIPTOR_INTERFACE;

  private final SortedSet<String> descriptors = new TreeSet<>();

  public void add(String descriptorBinaryName) {
    descriptors.add(descriptorBinaryName);
  }

  public void write(Filer filer) {
    if (descriptors.isEmpty()) {
      return;
    }
    SortedSet<String> all = new TreeSet<>(existing(filer));
    all.addAll(descriptors);
    try {
      FileObject file = filer.createResource(StandardLocation.CLASS_OUTPUT, "", RESOURCE);
      try (Writer writer = new OutputStreamWriter(file.openOutputStream(), StandardCharsets.UTF_8)) {
        for (String descriptor : all) {
          writer.write(descriptor);
          writer.write('\n');
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + RESOURCE, e);
    }
  }

  private static Set<String> existing(Filer filer) {
    Set<String> entries = new TreeSet<>();
    try {
      FileObject file = filer.getResource(StandardLocation.CLASS_OUTPUT, "", RESOURCE);
      try (BufferedReader reader =
          new BufferedReader(new InputStreamReader(file.openInputStream(), StandardCharsets.UTF_8))) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          String entry = line.replaceAll("#.*", "").trim();
          if (!entry.isEmpty()) {
            entries.add(entry);
          }
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      // No earlier file (the usual case), or a file manager that cannot read outputs: start fresh.
    }
    return entries;
  }
}
