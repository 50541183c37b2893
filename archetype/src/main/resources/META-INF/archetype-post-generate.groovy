// Runs after lambdakit-archetype generated a project: checks the choices (archetype-metadata.xml's validationRegex is
// only applied in interactive mode), keeps the handler of the chosen event source and removes the other one.
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths

def properties = request.properties
def choices = [eventSource: ['api', 'sqs'], style: ['annotations', 'plain'], idempotency: ['true', 'false']]
def problems = []
choices.each { name, allowed ->
    def value = properties.getProperty(name)
    if (!allowed.contains(value)) {
        problems << "-D${name} was '${value}' but it must be one of ${allowed.join(', ')}"
    }
}
Path project = Paths.get(request.outputDirectory, request.artifactId)
if (!problems.isEmpty()) {
    // nothing half-made is left behind: fix the command and run it again
    project.toFile().deleteDir()
    throw new IllegalArgumentException("lambdakit-archetype: " + problems.join('; ')
            + " (see docs/getting-started.md, \"Start a new function in one command\")")
}

String packagePath = properties.getProperty('package').replace('.', '/')
String removed = properties.getProperty('eventSource') == 'api' ? 'QueueHandler' : 'ApiHandler'
for (String sources : ['function/src/main/java', 'function/src/test/java']) {
    Path directory = project.resolve(sources).resolve(packagePath)
    for (String suffix : ['.java', 'Test.java', 'IT.java']) {
        Files.deleteIfExists(directory.resolve(removed + suffix))
    }
}
// resource copying would drop a dot-file: it is stored without its dot
Files.move(project.resolve('gitignore'), project.resolve('.gitignore'))
