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

  private boolean loaded;
  private CredentialsFile passwords;
  private Tokens tokens;
  private AccessRules rules;
  private Tls tls;

  /**
   * Reads the files the options name (credentials, token secret, access rules, key store password)
   * and sets what they say on {@code engine}: call once, off the event loop, before listening.
   * Later calls change nothing.
   */
  public EngineOptions load(EngineOptions engine) {
    if (!loaded) {
      passwords = credentials == null ? null : CredentialsFile.load(credentials);
      tokens = tokenSecret == null ? null : new Tokens(Secrets.read(tokenSecret));
      rules = access == null ? null : AccessRules.load(access);
      tls = keyStore == null ? null : new Tls(keyStore, keyStorePasswordFile == null ? null
          : Secrets.read(keyStorePasswordFile), login.trustedCertificate());
      loaded = true;
      apply(engine);
    }
    return engine;
  }

  /** The credentials peers (and web logins) are checked against, once loaded; null when not secured. */
  public CredentialsFile passwords() {
    return passwords;
  }

  /** The tokens web pages log in with, once loaded; null without --token-secret. */
  public Tokens tokens() {
    return tokens;
  }

  /** TLS for the listener (and the connections this process opens), once loaded; null without a key store. */
  public Tls tls() {
    return tls;
  }

  private void apply(EngineOptions engine) {
    if (passwords != null) {
      Authenticator authenticator = tokens == null ? passwords : tokens.or(passwords);
      engine.authenticator(authenticator);
    }
    if (rules != null) {
      engine.admission(rules);
    }
    if (tls != null) {
      engine.tls(tls);
    }
    login.applyTo(engine);
  }
}
