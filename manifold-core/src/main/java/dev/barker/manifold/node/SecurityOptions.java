package dev.barker.manifold.node;

import dev.barker.manifold.engine.Authenticator;
import dev.barker.manifold.engine.EngineOptions;
import dev.barker.manifold.engine.Tls;
import dev.barker.manifold.security.AccessRules;
import dev.barker.manifold.security.CredentialsFile;
import dev.barker.manifold.security.Secrets;
import dev.barker.manifold.security.Tokens;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A service's security: who may connect and do what, TLS for its listener, and how it logs in elsewhere. */
public final class SecurityOptions {

  @Option(names = "--credentials", paramLabel = "FILE", description = "Require SASL PLAIN from every peer, checked "
      + "against FILE (made with 'barker credentials'); needed, with --tls-keystore, to listen beyond loopback.")
  private Path credentials;

  @Option(names = "--token-secret", paramLabel = "FILE", description = "Also take, as passwords, tokens signed with "
      + "the secret in FILE (what web pages log in with); needs --credentials.")
  private Path tokenSecret;

  @Option(names = "--access", paramLabel = "FILE", description = "What each role may send to and receive from "
      + "(JSON; see README, Security); links beyond it get amqp:unauthorized-access (default: anything).")
  private Path access;

  @Option(names = "--tls-keystore", paramLabel = "FILE", description = "Listen with TLS only (AMQPS and wss), with the "
      + "certificate and key in this PKCS#12 file; its password from --tls-keystore-password-file.")
  private Path keyStore;

  @Option(names = "--tls-keystore-password-file", paramLabel = "FILE", description = "File whose first line is the key store's password.")
  private Path keyStorePasswordFile;

  @Mixin
  private LoginOptions login = new LoginOptions();

  /** The credentials peers are checked against (web logins too); null when not secured. */
  public CredentialsFile credentials() {
    return credentials == null ? null : CredentialsFile.load(credentials);
  }

  /** The tokens web pages log in with; null without --token-secret. */
  public Tokens tokens() {
    return tokenSecret == null ? null : new Tokens(Secrets.read(tokenSecret));
  }

  /**
   * What peers' passwords are checked with: the credentials file, and tokens when there is a
   * secret; null when not secured.
   */
  public Authenticator authenticator() {
    CredentialsFile passwords = credentials();
    Tokens tokens = tokens();
    return passwords == null || tokens == null ? passwords : tokens.or(passwords);
  }

  /** TLS for a listener (and the connections this process opens); null without a key store. */
  public Tls tls() {
    if (keyStore == null) {
      return null; // connecting with TLS only: LoginOptions
    }
    String password = keyStorePasswordFile == null ? null : Secrets.read(keyStorePasswordFile);
    return new Tls(keyStore, password, login.trustedCertificate());
  }

  /** Sets everything given on {@code engine}; returns it. Files named by options are read now. */
  public EngineOptions applyTo(EngineOptions engine) {
    Authenticator passwords = authenticator();
    if (passwords != null) {
      engine.authenticator(passwords);
    }
    if (access != null) {
      engine.admission(AccessRules.load(access));
    }
    Tls tls = tls();
    if (tls != null) {
      engine.tls(tls);
    }
    return login.applyTo(engine);
  }
}
