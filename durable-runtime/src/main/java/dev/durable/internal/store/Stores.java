package dev.durable.internal.store;

import dev.durable.DurableStoreException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Chooses the {@link StoreProvider} for a builder's settings: by the JDBC URL's prefix, or by the
 * product name a data source reports.
 */
public final class Stores {
  private Stores() {}

  /** Opens the store the settings name, with a provider found through {@code loader}. */
  public static WorkflowStore open(StoreSettings settings, ClassLoader loader) {
    List<StoreProvider> providers = providers(loader);
    if (settings.dataSource() != null) {
      String product;
      try {
        product = StoreProvider.productName(settings.dataSource());
      } catch (SQLException e) {
        throw new DurableStoreException((String) null, "Cannot get a connection from the DataSource given to"
            + " Durable: " + e.getMessage() + ". Fix: check the DataSource's URL, user and password, and that its"
            + " database server is running.", e);
      }
      for (StoreProvider provider : providers) {
        if (provider.acceptsProduct(product)) {
          return provider.open(settings);
        }
      }
      throw new IllegalArgumentException("Durable has no store for a " + product + " DataSource here; it has "
          + names(providers) + ". Fix: use PostgreSQL (add the dependency dev.durable:durable-postgres) or SQLite.");
    }
    String url = settings.jdbcUrl();
    for (StoreProvider provider : providers) {
      if (url.regionMatches(true, 0, provider.urlPrefix(), 0, provider.urlPrefix().length())) {
        return provider.open(settings);
      }
    }
    String hint = url.startsWith("jdbc:postgresql:")
        ? "Fix: add the dependency dev.durable:durable-postgres (the same version as durable-runtime)."
        : "Fix: give a jdbc:sqlite:PATH URL, or a jdbc:postgresql:// URL with durable-postgres on the class path.";
    throw new IllegalArgumentException("Durable has no store for '" + redact(url) + "': the stores on the class"
        + " path open " + names(providers) + ". " + hint);
  }

  /**
   * A JDBC URL fit for messages and logs: the value of any {@code password} parameter is replaced,
   * and so is a password in a {@code user:password@host} authority.
   */
  public static String redact(String url) {
    if (url == null) {
      return null;
    }
    String masked = url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    return masked.replaceAll("(//[^/@:]+):[^/@]*@", "$1:***@");
  }

  private static List<StoreProvider> providers(ClassLoader loader) {
    // Providers found by the engine's class loader and by the runtime's own, once each by class.
    Map<String, StoreProvider> found = new LinkedHashMap<>();
    for (ClassLoader each : new ClassLoader[] {loader, Stores.class.getClassLoader()}) {
      for (StoreProvider provider : ServiceLoader.load(StoreProvider.class, each)) {
        found.putIfAbsent(provider.getClass().getName(), provider);
      }
    }
    return new ArrayList<>(found.values());
  }

  private static String names(List<StoreProvider> providers) {
    return providers.stream().map(p -> p.name() + " (" + p.urlPrefix() + ")").collect(Collectors.joining(", "));
  }
}
