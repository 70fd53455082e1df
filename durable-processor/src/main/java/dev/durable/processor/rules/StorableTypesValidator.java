package dev.durable.processor.rules;

import dev.durable.processor.DeclarationRule;
import dev.durable.processor.DurableElements;
import dev.durable.processor.Finding;
import dev.durable.processor.Messages;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.Diagnostic;

/**
 * {@code DurableStorableTypes}: parameters and results of steps and workflow methods are stored
 * as JSON (to replay a step's result, to resume a workflow with its arguments), so their types must
 * be plain data. Parameters are reported on the parameter, results on the annotation.
 */
final class StorableTypesValidator implements DeclarationRule {
  static final String ID = "DurableStorableTypes";

  /**
   * Types that are not data, with the reason shown in the message. Each entry also covers its
   * subtypes, and is checked inside type arguments and array components ({@code List<InputStream>}).
   */
  private static final Map<String, String> NOT_DATA = new LinkedHashMap<>();

  static {
    NOT_DATA.put("java.util.stream.BaseStream", "is a lazy, single-use stream");
    NOT_DATA.put("java.util.Iterator", "is a single-use cursor");
    NOT_DATA.put("java.io.InputStream", "is an open resource");
    NOT_DATA.put("java.io.OutputStream", "is an open resource");
    NOT_DATA.put("java.io.Reader", "is an open resource");
    NOT_DATA.put("java.io.Writer", "is an open resource");
    NOT_DATA.put("java.nio.channels.Channel", "is an open resource");
    NOT_DATA.put("java.net.Socket", "is an open connection");
    NOT_DATA.put("java.net.ServerSocket", "is an open connection");
    NOT_DATA.put("java.sql.Connection", "is an open connection");
    NOT_DATA.put("java.sql.Statement", "is an open database resource");
    NOT_DATA.put("java.sql.ResultSet", "is an open database cursor");
    NOT_DATA.put("java.lang.Thread", "is a running thread");
    NOT_DATA.put("java.util.concurrent.Future", "is a pending computation, not its result");
    NOT_DATA.put("java.lang.AutoCloseable", "is a resource to close, not data");
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String summary() {
    return "Step/workflow parameters or results that cannot be stored as JSON (streams, I/O, threads, lambdas, Object)";
  }

  @Override
  public Diagnostic.Kind severity() {
    return Diagnostic.Kind.ERROR;
  }

  @Override
  public List<Finding> check(TypeElement type, DurableElements model) {
    List<Finding> findings = new ArrayList<>();
    for (AnnotatedMethods annotated : AnnotatedMethods.in(type)) {
      String method = DurableElements.signature(annotated.method());
      TypeMirror result = annotated.method().getReturnType();
      problem(result, model, true)
          .ifPresent(
              reason ->
                  findings.add(
                      Finding.onElement(
                          this,
                          Messages.unstorableType(
                              "The result", annotated.kind().toLowerCase(java.util.Locale.ROOT)
                                  + " " + method, DurableElements.simpleName(result), reason),
                          annotated.method(),
                          annotated.annotation())));
      for (VariableElement parameter : annotated.method().getParameters()) {
        problem(parameter.asType(), model, true)
            .ifPresent(
                reason ->
                    findings.add(
                        Finding.onElement(
                            this,
                            Messages.unstorableType(
                                "Parameter " + parameter.getSimpleName(),
                                annotated.kind().toLowerCase(java.util.Locale.ROOT) + " " + method,
                                DurableElements.simpleName(parameter.asType()),
                                reason),
                            parameter,
                            null)));
      }
    }
    return findings;
  }

  /**
   * Why {@code type} is not data, if it is not. {@code Object} is only rejected at the top: inside
   * a container ({@code Map<String, Object>}) it is a common, if lossy, way to carry JSON-like data.
   */
  private static Optional<String> problem(TypeMirror type, DurableElements model, boolean topLevel) {
    if (type.getKind() == TypeKind.ARRAY) {
      return problem(((ArrayType) type).getComponentType(), model, false);
    }
    if (!(type instanceof DeclaredType declared)) {
      return Optional.empty();
    }
    TypeElement element = (TypeElement) declared.asElement();
    String name = element.getQualifiedName().toString();
    if (topLevel && name.equals("java.lang.Object")) {
      return Optional.of("says nothing about what to read back (JSON turns it into a Map or a String)");
    }
    if (name.startsWith("java.util.function.")
        || DurableElements.hasAnnotation(element, "java.lang.FunctionalInterface")) {
      return Optional.of("is a function, which is code rather than data");
    }
    Elements elements = model.elements();
    Types types = model.types();
    for (Map.Entry<String, String> entry : NOT_DATA.entrySet()) {
      TypeElement banned = elements.getTypeElement(entry.getKey());
      if (banned != null
          && types.isSubtype(types.erasure(type), types.erasure(banned.asType()))) {
        return Optional.of(entry.getValue());
      }
    }
    for (TypeMirror argument : declared.getTypeArguments()) {
      Optional<String> nested = problem(argument, model, false);
      if (nested.isPresent()) {
        return nested;
      }
    }
    return Optional.empty();
  }
}
