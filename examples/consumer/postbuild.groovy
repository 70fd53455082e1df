// Run by maven-invoker-plugin after `mvn compile exec:java` in a copy of examples/consumer.
// Variables: basedir (that copy), readme (the repository's README.md).

def fail(String message) { throw new AssertionError(message) }

// 1. README's Maven snippets are in this pom exactly (each line compared without its indentation).
def normalize = { String text -> text.readLines()*.trim().findAll { it }.join('\n') }
def readmeText = new File(readme).getText('UTF-8')
def section = readmeText.split('\n## ').find { it.startsWith('Adding Durable to a Maven project') }
if (section == null) fail("README.md has no section 'Adding Durable to a Maven project'")
def snippets = (section =~ /(?s)```xml\n(.*?)```/).collect { it[1] }
if (snippets.size() < 2) fail("expected README's dependency and plugin snippets, found ${snippets.size()} xml block(s)")
def pom = normalize(new File(basedir, 'pom.xml').getText('UTF-8'))
snippets.each { snippet ->
  if (!pom.contains(normalize(snippet))) fail("examples/consumer/pom.xml does not contain README's snippet:\n${snippet}")
}

// 2. The processor ran: it generates a descriptor for each valid workflow.
def descriptor = new File(basedir, 'target/classes/com/example/consumer/ShipOrderWorkflow_DurableDescriptor.class')
if (!descriptor.isFile()) fail("the annotation processor did not run: no ${descriptor}")

// 3. The workflow ran, and the second call returned the recorded result without running a step.
def log = new File(basedir, 'build.log').getText('UTF-8')
['step reserveStock: EXECUTED', 'step bookCourier: EXECUTED', 'first call:  order-1 shipped: RSV-order-1, LABEL-RSV-order-1',
 'second call: order-1 shipped: RSV-order-1, LABEL-RSV-order-1'].each {
  if (!log.contains(it)) fail("build.log lacks '${it}'")
}
if (log.count(': EXECUTED') != 2 || log.contains('REPLAYED')) fail('expected exactly two executed steps and no replay in build.log')
return true
