package dev.durable.internal;

import dev.durable.DurableWarning;
import dev.durable.WorkflowDescriptor;
import dev.durable.internal.store.WorkflowRecord;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workflow classes an engine knows: those registered with constructor arguments, those it has
 * proxied, and those described by the processor's generated descriptors. {@code recover()} resolves
 * stored runs through it, by durable name first and by class name second. The first time an engine
 * uses a class that has no descriptor, it warns: that class was compiled without the checker.
 */
final class Registry {
  private static final Logger log = LoggerFactory.getLogger(Registry.class);
  private static final Object[] NO_ARGUMENTS = new Object[0];

  private final Map<Class<?>, Object[]> constructorArguments;
  private final ClassLoader classLoader;
  // Weak, so an engine that proxied a class from a short-lived class loader does not keep it alive.
  private final Map<String, WeakReference<Class<?>>> byName = new ConcurrentHashMap<>();
  private final Map<String, WorkflowDescriptor> descriptorsByClass = new ConcurrentHashMap<>();
  private final Map<String, WorkflowDescriptor> descriptorsByName = new ConcurrentHashMap<>();
  /** Classes without a descriptor that this engine has warned about: once each, not at every call. */
  private final Set<String> warnedWithoutDescriptor = ConcurrentHashMap.newKeySet();
  private final Events events;

  Registry(Map<Class<?>, Object[]> constructorArguments, ClassLoader classLoader, Events events) {
    this.constructorArguments = Map.copyOf(constructorArguments);
    this.classLoader = classLoader;
    this.events = events;
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

  /** Called whenever this engine binds a proxy of {@code model}'s class: by callers, workers and recover(). */
  void remember(WorkflowModel model) {
    byName.put(model.name(), new WeakReference<>(model.type()));
    String className = model.type().getName();
    if (!descriptorsByClass.containsKey(className) && warnedWithoutDescriptor.add(className)) {
      events.warning(log, new DurableWarning(DurableWarning.Kind.CLASS_WITHOUT_DESCRIPTOR, null, model.name(), className,
          withoutDescriptor(className, model.name())));
    }
  }

  private static String withoutDescriptor(String className, String workflowName) {
    return "Workflow class " + className + " (" + workflowName + ") has no descriptor from durable-processor: it was"
        + " compiled without the processor, so its workflow code was not checked for determinism at compile time"
        + " (wall clock, randomness, threads, I/O, iteration order...) and code changed under an unfinished run is not"
        + " detected (no fingerprint is stored). Code that breaks replay then shows only when a resumed run fails with"
        + " NonDeterministicWorkflowException, and recover() finds its runs by class name only. It runs all the same."
        + " Fix: add dev.durable:durable-processor to the maven-compiler-plugin's annotationProcessorPaths"
        + " (<path><groupId>dev.durable</groupId><artifactId>durable-processor</artifactId><version>the"
        + " durable-runtime version</version></path>, with the plugin's <version> set: see \"Adding Durable to a"
        + " Maven project\" in the README) and rebuild. If it was built with the processor, its"
        + " META-INF/services/dev.durable.WorkflowDescriptor entry is not visible to this engine's class loader (a"
        + " shaded jar that dropped service files, or a different classLoader on the builder).";
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
