package dev.durable.internal;

import dev.durable.WorkflowDefinitionException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.NamingStrategy;
import net.bytebuddy.TypeCache;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.dynamic.scaffold.subclass.ConstructorStrategy;
import net.bytebuddy.implementation.FieldAccessor;
import net.bytebuddy.implementation.MethodDelegation;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Generates and caches the subclass proxies of workflow classes. One instance per engine; the cache
 * holds proxy classes weakly and is keyed by class name within each class loader, so it never pins a
 * workflow's class loader. Proxies are defined with a private lookup into the workflow's own package,
 * which is why package-private steps can be intercepted and no reflection hacks are needed.
 */
final class ProxyFactory {
  private static final String BINDING_FIELD = "durable$binding";

  private final ByteBuddy byteBuddy = new ByteBuddy().with(new NamingStrategy.SuffixingRandom("DurableProxy"));
  private final TypeCache<String> cache = new TypeCache.WithInlineExpunction<>(TypeCache.Sort.WEAK);
  private final Path dumpDirectory;

  /** @param dumpDirectory where to write generated classes for debugging, or null */
  ProxyFactory(Path dumpDirectory) {
    this.dumpDirectory = dumpDirectory;
  }

  Class<?> proxyClass(WorkflowModel model) {
    Class<?> type = model.type();
    return cache.findOrInsert(type.getClassLoader(), type.getName(), () -> make(model), cache);
  }

  private Class<?> make(WorkflowModel model) {
    Class<?> type = model.type();
    ElementMatcher<MethodDescription> intercepted = m -> model.intercepts(signature(m));
    DynamicType.Unloaded<?> unloaded = byteBuddy
        .subclass(type, ConstructorStrategy.Default.IMITATE_SUPER_CLASS_OPENING)
        .defineField(BINDING_FIELD, ProxyBinding.class, Visibility.PRIVATE)
        .implement(DurableProxy.class)
        .intercept(FieldAccessor.ofField(BINDING_FIELD))
        .method(intercepted)
        .intercept(MethodDelegation.to(StepInterceptor.class))
        .make();
    if (dumpDirectory != null) {
      try {
        unloaded.saveIn(dumpDirectory.toFile());
      } catch (IOException e) {
        throw new WorkflowDefinitionException("Cannot dump the proxy of " + type.getName() + " to " + dumpDirectory + ": " + e, e);
      }
    }
    MethodHandles.Lookup lookup;
    try {
      lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
    } catch (IllegalAccessException e) {
      throw new WorkflowDefinitionException("Cannot create a durable proxy for " + type.getName() + ": package "
          + type.getPackageName() + " is not open to the Durable runtime. Fix: add 'opens " + type.getPackageName()
          + " to dev.durable.runtime;' (or to ALL-UNNAMED on the class path) to module-info.java.", e);
    }
    return unloaded.load(type.getClassLoader(), ClassLoadingStrategy.UsingLookup.of(lookup)).getLoaded();
  }

  private static String signature(MethodDescription m) {
    return m.getName() + "(" + m.getParameters().asTypeList().asErasures().stream()
        .map(TypeDescription::getTypeName).collect(Collectors.joining(",")) + ")";
  }

  /** Creates a proxy instance with the given constructor arguments and binds it. */
  Object instantiate(WorkflowModel model, Object[] constructorArguments, ProxyBinding binding) {
    Class<?> proxyType = proxyClass(model);
    Constructor<?> constructor = matchingConstructor(proxyType, model.type(), constructorArguments);
    try {
      constructor.setAccessible(true);
      Object proxy = constructor.newInstance(constructorArguments);
      ((DurableProxy) proxy).durable$binding(binding);
      return proxy;
    } catch (InvocationTargetException e) {
      throw new WorkflowDefinitionException("The constructor of workflow class " + model.type().getName()
          + " threw " + e.getCause() + ". Fix: make the constructor succeed with the registered arguments.", e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new WorkflowDefinitionException("Cannot construct workflow class " + model.type().getName() + ": " + e, e);
    }
  }

  private static Constructor<?> matchingConstructor(Class<?> proxyType, Class<?> type, Object[] args) {
    Constructor<?> found = null;
    for (Constructor<?> c : proxyType.getDeclaredConstructors()) {
      if (accepts(c.getParameterTypes(), args)) {
        if (found != null) {
          throw new WorkflowDefinitionException("Workflow class " + type.getName() + " has several constructors that"
              + " accept the registered arguments " + describe(args) + ". Fix: register arguments that match exactly one.");
        }
        found = c;
      }
    }
    if (found == null) {
      String available = Arrays.stream(type.getDeclaredConstructors()).filter(c -> !Modifier.isPrivate(c.getModifiers()))
          .map(c -> "(" + Arrays.stream(c.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(", ")) + ")")
          .collect(Collectors.joining(", "));
      throw new WorkflowDefinitionException("Workflow class " + type.getName() + " has no non-private constructor"
          + " that accepts " + describe(args) + " (constructors: " + (available.isEmpty() ? "none usable" : available)
          + "). Fix: register its constructor arguments with DurableEngine.builder(...).register(" + type.getSimpleName()
          + ".class, dependencies...), or give it a no-argument constructor.");
    }
    return found;
  }

  private static boolean accepts(Class<?>[] params, Object[] args) {
    if (params.length != args.length) {
      return false;
    }
    for (int i = 0; i < params.length; i++) {
      boolean fits = args[i] == null
          ? !params[i].isPrimitive()
          : MethodType.methodType(params[i]).wrap().returnType().isInstance(args[i]);
      if (!fits) {
        return false;
      }
    }
    return true;
  }

  private static String describe(Object[] args) {
    return args.length == 0 ? "no arguments" : "arguments of types (" + Arrays.stream(args)
        .map(a -> a == null ? "null" : a.getClass().getSimpleName()).collect(Collectors.joining(", ")) + ")";
  }
}
