package dev.durable.internal;

import com.fasterxml.jackson.databind.JavaType;
import java.lang.reflect.Method;

/**
 * A {@code @WorkflowMethod}: its stored signature ({@code name(param types)}), parameter types and
 * result type.
 */
record WorkflowMethodModel(String signature, Method method, JavaType[] parameterTypes, JavaType resultType) {}
