package dev.barker.launch;

import dev.barker.manifold.management.Management;
import dev.barker.manifold.security.AccessRules;
import dev.barker.manifold.security.CredentialsFile;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
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
      description = "A role the access rules name (e.g. user, service, bizlogic), or viewer or admin (the console's); repeatable.")
  private List<String> roles;

  @Option(names = "--access", paramLabel = "FILE",
      description = "The access rules the roles must be named in (default: Barker's own, as barker launch --secure uses them).")
  private Path access;

  @Override
  public Integer call() throws IOException {
    Path directory = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(directory)) {
      throw new ParameterException(spec.commandLine(), "cannot make " + file + ": there is no directory " + directory);
    }
    Set<String> known = knownRoles();
    for (String role : roles) {
      if (!known.contains(role)) {
        throw new ParameterException(spec.commandLine(), "unknown role '" + role + "': the roles are " + String.join(", ", known));
      }
    }
    String password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    if (password == null || password.isEmpty()) {
      spec.commandLine().getErr().println("barker: give the password on standard input, e.g. echo 's3cret' | barker credentials ...");
      return CommandLine.ExitCode.USAGE;
    }
    CredentialsFile.put(file, name, password, Set.copyOf(roles));
    spec.commandLine().getOut().println(name + " " + roles + " in " + file);
    return CommandLine.ExitCode.OK;
  }

  private Set<String> knownRoles() throws IOException {
    AccessRules rules;
    if (access != null) {
      rules = AccessRules.load(access);
    } else {
      try (InputStream barkers = SecureSetup.barkerAccessRules()) {
        rules = AccessRules.parse(new JsonObject(new String(barkers.readAllBytes(), StandardCharsets.UTF_8)));
      }
    }
    Set<String> known = new TreeSet<>(rules.roles());
    known.add(Management.VIEWER);
    known.add(Management.ADMIN);
    return known;
  }
}
