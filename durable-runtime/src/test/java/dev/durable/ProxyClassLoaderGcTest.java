package dev.durable;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's proxy cache must not pin the class loaders of the workflows it proxied: applications
 * that redeploy (plugin systems, app servers, tests) would leak every old version otherwise.
 */
class ProxyClassLoaderGcTest {
  @TempDir Path dir;

  /** Defines {@code dev.durable.gc.Throwaway} itself and delegates everything else. */
  static final class ThrowawayLoader extends ClassLoader {
    ThrowawayLoader() {
      super(ProxyClassLoaderGcTest.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.equals("dev.durable.gc.Throwaway")) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null) {
          try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
            byte[] bytes = in.readAllBytes();
            c = defineClass(name, bytes, 0, bytes.length);
          } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
          }
        }
        return c;
      }
    }
  }

  @Test
  void aProxiedWorkflowsClassLoaderCanBeCollectedWhileTheEngineLives() throws Exception {
    try (DurableEngine engine = DurableEngine.open(dir.resolve("gc.db"))) {
      ReferenceQueue<ClassLoader> queue = new ReferenceQueue<>();
      PhantomReference<ClassLoader> ref = runInThrowawayLoader(engine, queue);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      Reference<? extends ClassLoader> collected = null;
      while (collected == null && System.nanoTime() < deadline) {
        System.gc();
        collected = queue.remove(100);
      }
      assertThat(collected).as("the throwaway class loader was collected").isSameAs(ref);
    }
  }

  private static PhantomReference<ClassLoader> runInThrowawayLoader(DurableEngine engine, ReferenceQueue<ClassLoader> queue)
      throws Exception {
    ClassLoader loader = new ThrowawayLoader();
    Class<?> type = loader.loadClass("dev.durable.gc.Throwaway");
    assertThat(type.getClassLoader()).isSameAs(loader);
    Object proxy = engine.workflow(type, "gc-1");
    Method run = type.getMethod("run");
    assertThat(run.invoke(proxy)).isEqualTo("thrown away!");
    assertThat(proxy.getClass().getClassLoader()).isSameAs(loader);
    return new PhantomReference<>(loader, queue);
  }
}
