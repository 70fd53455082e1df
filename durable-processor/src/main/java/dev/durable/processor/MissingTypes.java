package dev.durable.processor;

import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * Whether a type's declaration mentions a type that does not exist yet, typically one another
 * processor generates in a later round. Such types are checked in a later round (AutoValue's
 * deferral) instead of being reported with half-resolved signatures.
 */
final class MissingTypes {
  private MissingTypes() {}

  static boolean in(TypeElement type) {
    if (isMissing(type.getSuperclass())) {
      return true;
    }
    for (TypeMirror implemented : type.getInterfaces()) {
      if (isMissing(implemented)) {
        return true;
      }
    }
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (isMissing(method.getReturnType())) {
        return true;
      }
      for (VariableElement parameter : method.getParameters()) {
        if (isMissing(parameter.asType())) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isMissing(TypeMirror type) {
    if (type.getKind() == TypeKind.ERROR) {
      return true;
    }
    if (type instanceof ArrayType array) {
      return isMissing(array.getComponentType());
    }
    if (type instanceof DeclaredType declared) {
      for (TypeMirror argument : declared.getTypeArguments()) {
        if (isMissing(argument)) {
          return true;
        }
      }
    }
    return false;
  }
}
