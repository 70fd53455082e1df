package dev.durable.processor;

import com.google.auto.service.AutoService;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.durable.processor.codegen.DescriptorGenerator;
import dev.durable.processor.codegen.Fingerprint;
import dev.durable.processor.codegen.ServiceRegistry;
import dev.durable.processor.rules.RuleSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;

/**
 * The only entry point of durable-processor, found by javac through {@code META-INF/services}. For
 * every type carrying a durable annotation it runs the declaration rules, walks workflow code (and
 * step bodies) once with the code rules, prints what they found, and, when nothing is an error,
 * generates the type's {@code WorkflowDescriptor}.
 *
 * <p>Put it on the annotation-processor path; there is nothing to configure. It never claims the
 * annotations, so other processors still see them, and it never throws: an internal failure becomes
 * one compiler error asking for a report.
 */
@AutoService(Processor.class)
@SupportedAnnotationTypes({
  DurableElements.DURABLE_WORKFLOW,
  DurableElements.WORKFLOW_METHOD,
  DurableElements.DURABLE_STEP
})
public final class DurableProcessor extends AbstractProcessor {
  private final ServiceRegistry services = new ServiceRegistry();
  // Types whose signatures mention types not generated yet, by name: elements are per-round.
  private final Set<String> deferred = new LinkedHashSet<>();
  // Every compilation unit seen so far, for questions about the whole compilation (StaticWrites).
  private final Set<CompilationUnitTree> units = new LinkedHashSet<>();
  private DurableElements model;
  private Trees trees;
  private boolean warnedAboutTreeApi;

  /** Creates the processor; javac does this through {@link java.util.ServiceLoader}. */
  public DurableProcessor() {}

  @Override
  public synchronized void init(ProcessingEnvironment processingEnv) {
    super.init(processingEnv);
    model = new DurableElements(processingEnv.getElementUtils(), processingEnv.getTypeUtils());
    try {
      trees = Trees.instance(processingEnv);
    } catch (IllegalArgumentException notJavac) {
      trees = null;
    }
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    try {
      if (round.processingOver()) {
        services.write(processingEnv.getFiler());
      } else {
        processRound(round);
      }
    } catch (RuntimeException e) {
      processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, Messages.internalError(e));
    }
    return false;
  }

  private void processRound(RoundEnvironment round) {
    if (trees != null) {
      for (Element root : round.getRootElements()) {
        TreePath path = trees.getPath(root);
        if (path != null) {
          units.add(path.getCompilationUnit());
        }
      }
    }
    List<TypeElement> ready = new ArrayList<>();
    for (TypeElement type : typesToCheck(round)) {
      if (MissingTypes.in(type)) {
        deferred.add(type.getQualifiedName().toString());
      } else {
        ready.add(type);
      }
    }
    Report report = new Report();
    for (TypeElement type : ready) {
      for (DeclarationRule rule : RuleSet.declarationRules()) {
        report.addAll(rule.check(type, model));
      }
    }
    Map<TypeElement, String> fingerprints = checkCode(ready, report);
    report.print(processingEnv.getMessager(), trees);
    if (!report.hasErrors()
        && model.elements().getTypeElement(DescriptorGenerator.DESCRIPTOR_INTERFACE) != null) {
      DescriptorGenerator generator = new DescriptorGenerator(model);
      for (Map.Entry<TypeElement, String> workflow : fingerprints.entrySet()) {
        generator.generate(workflow.getKey(), workflow.getValue(), processingEnv.getFiler());
        services.add(generator.descriptorName(workflow.getKey()));
      }
    }
  }

  /** This round's annotated types, plus deferred ones whose missing types now exist. */
  private Set<TypeElement> typesToCheck(RoundEnvironment round) {
    Set<TypeElement> types = new LinkedHashSet<>();
    for (String name : deferred) {
      TypeElement type = model.elements().getTypeElement(name);
      if (type != null) {
        types.add(type);
      }
    }
    deferred.clear();
    for (String annotationName :
        List.of(
            DurableElements.DURABLE_WORKFLOW,
            DurableElements.WORKFLOW_METHOD,
            DurableElements.DURABLE_STEP)) {
      TypeElement annotation = model.elements().getTypeElement(annotationName);
      if (annotation == null) {
        continue;
      }
      for (Element element : round.getElementsAnnotatedWith(annotation)) {
        Element owner =
            element.getKind() == ElementKind.METHOD ? element.getEnclosingElement() : element;
        if (owner instanceof TypeElement type) {
          types.add(type);
        }
      }
    }
    return types;
  }

  /**
   * Runs the code rules over workflow code and step bodies; returns the fingerprint of each
   * workflow class (empty when javac's Tree API is unavailable and the code cannot be read).
   */
  private Map<TypeElement, String> checkCode(List<TypeElement> types, Report report) {
    Map<TypeElement, String> fingerprints = new LinkedHashMap<>();
    List<CodeRule> workflowRules = new ArrayList<>();
    List<CodeRule> stepRules = new ArrayList<>();
    for (CodeRule rule : RuleSet.codeRules()) {
      (rule.scope() == CodeRule.Scope.WORKFLOW_CODE ? workflowRules : stepRules).add(rule);
    }
    StaticWrites staticWrites =
        trees == null
            ? null
            : new StaticWrites(trees, model.elements(), model.types(), List.copyOf(units));
    for (TypeElement type : types) {
      boolean workflow = model.isWorkflowClass(type) && type.getKind() == ElementKind.CLASS;
      if (trees == null) {
        if (workflow) {
          fingerprints.put(type, "");
          noteMissingTreeApi();
        }
        continue;
      }
      if (workflow) {
        CodeWalker.Walk walk =
            new CodeWalker(trees, model, workflowRules, "workflow method", staticWrites)
                .walk(type, model.workflowMethods(type));
        report.addAll(walk.findings());
        fingerprints.put(
            type, Fingerprint.of(walk.methods(), trees, model.types(), model.elements()));
      }
      List<ExecutableElement> steps = new ArrayList<>();
      for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
        if (model.isStep(method)) {
          steps.add(method);
        }
      }
      report.addAll(
          new CodeWalker(trees, model, stepRules, "step", staticWrites).walk(type, steps).findings());
    }
    return fingerprints;
  }

  private void noteMissingTreeApi() {
    if (!warnedAboutTreeApi) {
      warnedAboutTreeApi = true;
      processingEnv.getMessager().printMessage(Diagnostic.Kind.NOTE, Messages.NO_TREE_API);
    }
  }
}
