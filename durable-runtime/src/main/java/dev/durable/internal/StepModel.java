package dev.durable.internal;

import com.fasterxml.jackson.databind.JavaType;
import java.lang.reflect.Method;

/**
 * A step as the engine runs it: its durable name, the method that declares it, the type its
 * result is stored as, its retry policy, and how messages name it (built once, not per call).
 */
record StepModel(String name, Method method, JavaType resultType, RetryPolicy retry, String description) {

  StepModel(String name, Method method, JavaType resultType, RetryPolicy retry) {
    this(name, method, resultType, retry, "step '" + name + "'");
  }
}
