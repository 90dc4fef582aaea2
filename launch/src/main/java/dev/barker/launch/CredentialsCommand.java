package dev.barker.launch;

import dev.barker.manifold.security.CredentialsFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code barker credentials}: adds a principal, with a salted hash of its password, to a credentials file. */
@Command(name = "credentials", mixinStandardHelpOptions = true,
    description = "Adds (or replaces) NAME in the credentials FILE that services check SASL PLAIN logins against: "
        + "a salted PBKDF2 hash of the password read from standard input, and its roles.")
final class CredentialsCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The credentials file (made if missing).")
  private Path file;

  @Parameters(index = "1", paramLabel = "NAME", description = "Who logs in: a Barker user, or a service.")
  private String name;

  @Option(names = "--role", paramLabel = "ROLE", required = true,
      description = "A role named in the access rules, e.g. user, service, bizlogic; repeatable.")
  private List<String> roles;

  @Override
  public Integer call() throws IOException {
    String password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    if (password == null || password.isEmpty()) {
      spec.commandLine().getErr().println("barker: give the password on standard input, e.g. echo 's3cret' | barker credentials ...");
      return 1;
    }
    CredentialsFile.put(file, name, password, Set.copyOf(roles));
    spec.commandLine().getOut().println(name + " " + roles + " in " + file);
    return 0;
  }
}
