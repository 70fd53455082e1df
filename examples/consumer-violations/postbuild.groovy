// Run by maven-invoker-plugin after the build of a copy of examples/consumer-violations, which
// invoker.properties expects to fail. Variables: basedir (that copy), readme (the README.md).

def fail(String message) { throw new AssertionError(message) }

// 1. README's Maven snippets are in this pom exactly (each line compared without its indentation).
def normalize = { String text -> text.readLines()*.trim().findAll { it }.join('\n') }
def section = new File(readme).getText('UTF-8').split('\n## ').find { it.startsWith('Adding Durable to a Maven project') }
if (section == null) fail("README.md has no section 'Adding Durable to a Maven project'")
def snippets = (section =~ /(?s)```xml\n(.*?)```/).collect { it[1] }
if (snippets.size() < 2) fail("expected README's dependency and plugin snippets, found ${snippets.size()} xml block(s)")
def pom = normalize(new File(basedir, 'pom.xml').getText('UTF-8'))
snippets.each { snippet ->
  if (!pom.contains(normalize(snippet))) fail("examples/consumer-violations/pom.xml does not contain README's snippet:\n${snippet}")
}

// 2. It failed in the compiler, at each violation's line and column, with the rule's id.
def log = new File(basedir, 'build.log').getText('UTF-8')
if (!log.contains('BUILD FAILURE')) fail('the build did not fail')
[/InvoiceWorkflow\.java:\[18,\d+\] \[DurableNoWallClock\] /,
 /InvoiceWorkflow\.java:\[19,\d+\] \[DurableNoRandom\] /,
 /InvoiceWorkflow\.java:\[20,\d+\] \[DurableNoIo\] /].each { pattern ->
  if (!(log =~ pattern)) fail("build.log has no error matching ${pattern}")
}
if (new File(basedir, 'target/classes/com/example/violations/InvoiceWorkflow.class').exists()) {
  fail('InvoiceWorkflow compiled although it breaks the rules')
}
return true
