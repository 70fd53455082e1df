package dev.durable.internal;

import java.lang.reflect.Method;
import java.util.concurrent.Callable;
import net.bytebuddy.implementation.bind.annotation.AllArguments;
import net.bytebuddy.implementation.bind.annotation.Origin;
import net.bytebuddy.implementation.bind.annotation.RuntimeType;
import net.bytebuddy.implementation.bind.annotation.SuperCall;
import net.bytebuddy.implementation.bind.annotation.This;

/**
 * The one delegation target of generated proxies. It holds no logic: it finds the proxy's binding
 * and hands the call to the engine. Public only because proxies in user packages call it.
 */
public final class StepInterceptor {
  private StepInterceptor() {}

  @RuntimeType
  public static Object intercept(
      @This Object self, @Origin Method method, @AllArguments Object[] args, @SuperCall Callable<?> body)
      throws Throwable {
    ProxyBinding binding = ((DurableProxy) self).durable$binding();
    if (binding == null) {
      // Called from the workflow's constructor, before the engine bound the instance: plain Java.
      return body.call();
    }
    return binding.core.dispatch(binding, method, args, body);
  }
}
