package dev.durable.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The project version, from a resource Maven fills in at build time (a jar manifest is absent in tests). */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() throws IOException {
    Properties p = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        p.load(in);
      }
    }
    return new String[] {"durable " + p.getProperty("version", "(unknown version)")
        + " (Java ${java.version}, ${os.name} ${os.arch})"};
  }
}
