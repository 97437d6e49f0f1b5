package dev.calroom.dynamodb;

import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * LocalStack's DynamoDB, started once per test JVM by Testcontainers, for the build's second run of the
 * DynamoDB-backed suites. Without a Docker engine those tests are skipped, and this says so once, plainly.
 */
final class LocalStackDynamo {

    private static LocalStackContainer container;
    private static boolean announced;

    private LocalStackDynamo() {
    }

    private static Boolean docker;

    /** Whether Testcontainers finds a Docker engine (asked once per test JVM). */
    static synchronized boolean dockerAvailable() {
        if (docker == null) {
            try {
                docker = DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException | LinkageError e) {
                docker = false;
            }
            if (!docker) {
                System.err.println("calroom: SKIPPED the DynamoDB-backed suites against LocalStack: no Docker engine"
                        + " here for Testcontainers (they ran against DynamoDB Local)");
                announced = true;
            }
        }
        return docker;
    }

    static synchronized String endpoint() {
        if (!dockerAvailable()) {
            if (!announced) {
                announced = true;
                System.err.println("calroom: SKIPPED the DynamoDB-backed suites against LocalStack: no Docker engine"
                        + " here for Testcontainers (they ran against DynamoDB Local)");
            }
            Assumptions.abort("no Docker engine: the run against LocalStack (Testcontainers) is skipped");
        }
        if (container == null) {
            container = new LocalStackContainer(DockerImageName.parse("localstack/localstack:3.8"))
                    .withServices(LocalStackContainer.Service.DYNAMODB);
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
        }
        return container.getEndpointOverride(LocalStackContainer.Service.DYNAMODB).toString();
    }
}
