package dev.barker.manifold.engine;

import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.SaslListener;
import org.apache.qpid.proton.engine.Transport;

/** Server side of SASL ANONYMOUS: whoever asks is let in at once. */
final class AnonymousSaslServer implements SaslListener {

  @Override
  public void onSaslInit(Sasl sasl, Transport transport) {
    sasl.done(Sasl.SaslOutcome.PN_SASL_OK);
  }

  @Override
  public void onSaslMechanisms(Sasl sasl, Transport transport) {
    // server side: never sent to us
  }

  @Override
  public void onSaslResponse(Sasl sasl, Transport transport) {
    // ANONYMOUS has no challenge, so no response
  }

  @Override
  public void onSaslChallenge(Sasl sasl, Transport transport) {
    // server side: never sent to us
  }

  @Override
  public void onSaslOutcome(Sasl sasl, Transport transport) {
    // server side: never sent to us
  }
}
