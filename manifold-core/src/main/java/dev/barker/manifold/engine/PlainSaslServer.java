package dev.barker.manifold.engine;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server side of SASL PLAIN (RFC 4616): hands the name and password to an {@link Authenticator}
 * and gives the outcome once it has answered, which may be later than the frame that asked.
 */
final class PlainSaslServer extends SaslServer {

  private static final Logger LOG = LoggerFactory.getLogger(PlainSaslServer.class);

  private final Authenticator authenticator;
  private final Consumer<Principal> onAuthenticated;
  private final Runnable onOutcome;
  private final Supplier<String> peer;
  private final Supplier<String> source;
  private final LoginThrottle throttle;

  PlainSaslServer(Authenticator authenticator, LoginThrottle throttle, Supplier<String> peer, Supplier<String> source,
      Consumer<Principal> onAuthenticated, Runnable onOutcome) {
    this.authenticator = authenticator;
    this.throttle = throttle;
    this.peer = peer;
    this.source = source;
    this.onAuthenticated = onAuthenticated;
    this.onOutcome = onOutcome;
  }

  @Override
  public void onSaslInit(Sasl sasl, Transport transport) {
    byte[] response = new byte[sasl.pending()];
    sasl.recv(response, 0, response.length);
    String[] fields = new String(response, StandardCharsets.UTF_8).split("\0", -1); // authzid, authcid, password
    if (fields.length != 3 || !Arrays.asList(sasl.getRemoteMechanisms()).equals(List.of("PLAIN"))
        || !fields[0].isEmpty() && !fields[0].equals(fields[1])) {
      LOG.info("{}: refused a malformed SASL PLAIN response (or one asking to act as someone else)", peer.get());
      sasl.done(Sasl.SaslOutcome.PN_SASL_AUTH);
      return;
    }
    String from = source.get();
    String name = fields[1];
    Context context = Vertx.currentContext();
    String refused = throttle.check(from, name, () -> context.runOnContext(v -> check(sasl, from, name, fields[2])));
    if (refused != null) {
      LOG.debug("{}: refused a login unchecked: {}", peer.get(), refused);
      sasl.done(Sasl.SaslOutcome.PN_SASL_TEMP); // "try again later", as SASL says it
    }
  }

  private void check(Sasl sasl, String from, String name, String password) {
    authenticator.authenticate(name, password).onComplete(checked -> {
      if (!(checked.cause() instanceof Authenticator.Busy)) {
        throttle.checked(from, name, checked.succeeded());
      }
      throttle.done(from);
      if (checked.succeeded()) {
        onAuthenticated.accept(checked.result());
        sasl.done(Sasl.SaslOutcome.PN_SASL_OK);
      } else if (checked.cause() instanceof Authenticator.Busy busy) {
        LOG.debug("{}: put off a login: {}", peer.get(), busy.getMessage());
        sasl.done(Sasl.SaslOutcome.PN_SASL_TEMP);
      } else {
        LOG.info("{}: authentication failed: {}", peer.get(), checked.cause().getMessage());
        sasl.done(Sasl.SaslOutcome.PN_SASL_AUTH);
      }
      onOutcome.run();
    });
  }
}
