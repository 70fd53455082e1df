package dev.durable.internal;

import dev.durable.WorkflowDescriptor;
import dev.durable.internal.store.WorkflowRecord;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The workflow classes an engine knows: those registered with constructor arguments, those it has
 * proxied, and those described by the processor's generated descriptors. {@code recover()} resolves
 * stored runs through it, by durable name first and by class name second.
 */
final class Registry {
  private static final Object[] NO_ARGUMENTS = new Object[0];

  private final Map<Class<?>, Object[]> constructorArguments;
  private final ClassLoader classLoader;
  // Weak, so an engine that proxied a class from a short-lived class loader does not keep it alive.
  private final Map<String, WeakReference<Class<?>>> byName = new ConcurrentHashMap<>();
  private final Map<String, WorkflowDescriptor> descriptorsByClass = new ConcurrentHashMap<>();
  private final Map<String, WorkflowDescriptor> descriptorsByName = new ConcurrentHashMap<>();

  Registry(Map<Class<?>, Object[]> constructorArguments, ClassLoader classLoader) {
    this.constructorArguments = Map.copyOf(constructorArguments);
    this.classLoader = classLoader;
    for (WorkflowDescriptor d : ServiceLoader.load(WorkflowDescriptor.class, classLoader)) {
      descriptorsByClass.put(d.workflowClassName(), d);
      descriptorsByName.put(d.workflowName(), d);
    }
  }

  Object[] constructorArguments(Class<?> type) {
    return constructorArguments.getOrDefault(type, NO_ARGUMENTS).clone();
  }

  boolean hasConstructorArguments(Class<?> type) {
    return constructorArguments.containsKey(type);
  }

  void remember(WorkflowModel model) {
    byName.put(model.name(), new WeakReference<>(model.type()));
  }

  Optional<WorkflowDescriptor> descriptor(String className) {
    return Optional.ofNullable(descriptorsByClass.get(className));
  }

  /** The class that runs a stored workflow now. */
  Class<?> resolve(WorkflowRecord record) throws ClassNotFoundException {
    WeakReference<Class<?>> ref = byName.get(record.workflowName());
    Class<?> known = ref == null ? null : ref.get();
    if (known != null) {
      return known;
    }
    for (Class<?> registered : constructorArguments.keySet()) {
      if (registered.getName().equals(record.className())) {
        return registered;
      }
    }
    WorkflowDescriptor d = descriptorsByName.get(record.workflowName());
    String className = d != null ? d.workflowClassName() : record.className();
    return Class.forName(className, false, classLoader);
  }
}
