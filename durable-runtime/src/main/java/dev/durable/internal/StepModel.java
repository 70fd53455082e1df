package dev.durable.internal;

import com.fasterxml.jackson.databind.JavaType;
import java.lang.reflect.Method;

/**
 * A step as the engine runs it: its durable name, the method that declares it, the type its
 * result is stored as, and its retry policy.
 */
record StepModel(String name, Method method, JavaType resultType, RetryPolicy retry) {}
