package dev.durable.processor.rules;

import static dev.durable.processor.DurableElements.DURABLE_WORKFLOW;

import dev.durable.processor.DeclarationRule;
import dev.durable.processor.DurableElements;
import dev.durable.processor.Finding;
import dev.durable.processor.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.WildcardType;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * {@code DurableNoTypeVariables}: generic workflow classes, and step or workflow methods whose
 * signature mentions a type variable. Results are stored as JSON and read back with the erased
 * reflective type, so {@code T} comes back as its bound ({@code Object} gives a Map or a String).
 */
final class NoTypeVariablesValidator implements DeclarationRule {
  static final String ID = "DurableNoTypeVariables";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String summary() {
    return "Type variables in step or workflow signatures, and generic workflow classes";
  }

  @Override
  public Diagnostic.Kind severity() {
    return Diagnostic.Kind.ERROR;
  }

  @Override
  public List<Finding> check(TypeElement type, DurableElements model) {
    List<Finding> findings = new ArrayList<>();
    if (model.isWorkflowClass(type) && !type.getTypeParameters().isEmpty()) {
      findings.add(
          Finding.onElement(
              this,
              Messages.genericWorkflowClass(type.getSimpleName().toString()),
              type,
              DurableElements.annotation(type, DURABLE_WORKFLOW).orElseThrow()));
    }
    for (AnnotatedMethods annotated : AnnotatedMethods.in(type)) {
      firstTypeVariable(annotated.method())
          .ifPresent(
              variable ->
                  findings.add(
                      Finding.onElement(
                          this,
                          Messages.typeVariableInSignature(
                              annotated.kind(),
                              DurableElements.signature(annotated.method()),
                              variable),
                          annotated.method(),
                          annotated.annotation())));
    }
    return findings;
  }

  private static Optional<String> firstTypeVariable(ExecutableElement method) {
    if (!method.getTypeParameters().isEmpty()) {
      return Optional.of(method.getTypeParameters().get(0).getSimpleName().toString());
    }
    List<TypeMirror> signature = new ArrayList<>();
    signature.add(method.getReturnType());
    for (VariableElement parameter : method.getParameters()) {
      signature.add(parameter.asType());
    }
    for (TypeMirror type : signature) {
      Optional<String> found = typeVariableIn(type);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private static Optional<String> typeVariableIn(TypeMirror type) {
    if (type instanceof TypeVariable variable) {
      return Optional.of(variable.asElement().getSimpleName().toString());
    }
    if (type instanceof ArrayType array) {
      return typeVariableIn(array.getComponentType());
    }
    if (type instanceof WildcardType wildcard) {
      TypeMirror bound =
          wildcard.getExtendsBound() != null ? wildcard.getExtendsBound() : wildcard.getSuperBound();
      return bound == null ? Optional.empty() : typeVariableIn(bound);
    }
    if (type instanceof DeclaredType declared) {
      for (TypeMirror argument : declared.getTypeArguments()) {
        Optional<String> found = typeVariableIn(argument);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }
}
