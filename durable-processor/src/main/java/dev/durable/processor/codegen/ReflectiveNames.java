package dev.durable.processor.codegen;

import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Renders erased types exactly as {@link Class#getTypeName()} does at run time ({@code int},
 * {@code java.lang.String[]}, {@code com.acme.Outer$Inner}), so the runtime can match descriptor
 * signatures against {@link java.lang.reflect.Method}s by string comparison.
 */
final class ReflectiveNames {
  private final Types types;
  private final Elements elements;

  ReflectiveNames(Types types, Elements elements) {
    this.types = types;
    this.elements = elements;
  }

  /** {@code name(erased.param.Type,...)}. */
  String signature(ExecutableElement method) {
    List<String> parameters = new ArrayList<>();
    for (VariableElement parameter : method.getParameters()) {
      parameters.add(typeName(parameter.asType()));
    }
    return method.getSimpleName() + "(" + String.join(",", parameters) + ")";
  }

  String typeName(TypeMirror type) {
    TypeMirror erased = types.erasure(type);
    if (erased instanceof ArrayType array) {
      return typeName(array.getComponentType()) + "[]";
    }
    if (erased instanceof DeclaredType declared) {
      return elements.getBinaryName((TypeElement) declared.asElement()).toString();
    }
    return erased.toString();
  }
}
