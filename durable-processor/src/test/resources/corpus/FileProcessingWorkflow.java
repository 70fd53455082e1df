package corpus;

import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * File processing: downloads each file to a host, processes it there and uploads the result. File
 * system work happens in steps; the workflow only handles paths, which are values.
 */
@DurableWorkflow
public class FileProcessingWorkflow {
  private static final Path WORK_DIR = Path.of("/var/tmp/durable-files");

  public record FileJob(String source, String target) {}

  public record Processed(String target, long bytes) {}

  @WorkflowMethod
  public List<Processed> process(List<FileJob> jobs) {
    Map<Path, FileJob> downloads = new HashMap<>();
    for (FileJob job : jobs) {
      Path local = WORK_DIR.resolve(Path.of(job.source()).getFileName());
      download(job.source(), local.toString());
      downloads.put(local, job);
    }
    List<Processed> results = new java.util.ArrayList<>();
    for (Map.Entry<Path, FileJob> entry : downloads.entrySet()) {
      long bytes = transform(entry.getKey().toString());
      upload(entry.getKey().toString(), entry.getValue().target());
      results.add(new Processed(entry.getValue().target(), bytes));
    }
    return results;
  }

  @DurableStep
  void download(String source, String localPath) {
    try {
      Files.createDirectories(Path.of(localPath).getParent());
      Files.writeString(Path.of(localPath), "contents of " + source);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @DurableStep
  long transform(String localPath) {
    try {
      String text = Files.readString(Path.of(localPath));
      Files.writeString(Path.of(localPath + ".out"), text.toUpperCase(java.util.Locale.ROOT));
      return text.length();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @DurableStep
  void upload(String localPath, String target) {}
}
