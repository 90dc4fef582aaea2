package dev.barker.manifold.engine;

import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.SaslListener;
import org.apache.qpid.proton.engine.Transport;

/**
 * The server side of a SASL mechanism without challenges (ANONYMOUS, PLAIN): all happens in
 * {@link #onSaslInit}; the frames only a client receives never come.
 */
abstract class SaslServer implements SaslListener {

  @Override
  public final void onSaslMechanisms(Sasl sasl, Transport transport) {
    // sent to clients only
  }

  @Override
  public final void onSaslResponse(Sasl sasl, Transport transport) {
    // answers a challenge, and these mechanisms send none
  }

  @Override
  public final void onSaslChallenge(Sasl sasl, Transport transport) {
    // sent to clients only
  }

  @Override
  public final void onSaslOutcome(Sasl sasl, Transport transport) {
    // sent to clients only
  }
}
