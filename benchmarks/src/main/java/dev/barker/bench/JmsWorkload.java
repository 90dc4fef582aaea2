package dev.barker.bench;

import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.qpid.jms.JmsConnectionFactory;

/** The hop through the Qpid JMS client: the same target, a client we did not write. */
final class JmsWorkload {

  private final Duration warmup;
  private final Duration window;

  JmsWorkload(Duration warmup, Duration window) {
    this.warmup = warmup;
    this.window = window;
  }

  /**
   * {@code producers} JMS producers (each on its own thread and connection) and one consumer;
   * presettled (qpid-jms presettle policy) or at-least-once (persistent, sent asynchronously with a
   * completion listener that counts what the target accepted, so loss can be told).
   */
  Result hop(Target target, int producers, boolean presettled, String queueName) throws Exception {
    String url = "amqp://" + target.host() + ":" + target.port()
        + (presettled ? "?jms.presettlePolicy.presettleAll=true" : "");
    JmsConnectionFactory factory = new JmsConnectionFactory(url);
    AtomicBoolean stopped = new AtomicBoolean();
    AtomicLong sent = new AtomicLong();
    AtomicLong accepted = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    CompletionListener countAccepted = new CompletionListener() {
      @Override
      public void onCompletion(Message message) {
        accepted.incrementAndGet();
      }

      @Override
      public void onException(Message message, Exception exception) {
        refused.incrementAndGet(); // not accepted: not owed to the consumer either
      }
    };
    AtomicLong received = new AtomicLong();
    List<Connection> connections = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    try (Measurement measurement = new Measurement(target.server(), warmup, window)) {
      Connection consuming = factory.createConnection();
      connections.add(consuming);
      Session consumerSession = consuming.createSession(false, Session.AUTO_ACKNOWLEDGE);
      Queue queue = consumerSession.createQueue(target.address(queueName));
      MessageConsumer consumer = consumerSession.createConsumer(queue);
      consumer.setMessageListener(message -> received.incrementAndGet());
      consuming.start();
      byte[] body = new byte[Probe.BODY_BYTES];
      for (int i = 0; i < producers; i++) {
        Connection producing = factory.createConnection();
        connections.add(producing);
        Session session = producing.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer(session.createQueue(target.address(queueName)));
        producer.setDeliveryMode(presettled ? DeliveryMode.NON_PERSISTENT : DeliveryMode.PERSISTENT);
        Thread thread = new Thread(() -> {
          try {
            while (!stopped.get()) {
              BytesMessage message = session.createBytesMessage();
              message.writeBytes(body);
              sent.incrementAndGet();
              if (presettled) {
                producer.send(message);
              } else {
                producer.send(message, countAccepted);
              }
            }
          } catch (Exception e) {
            if (!stopped.get()) {
              throw new IllegalStateException(e);
            }
          }
        }, "jms-producer-" + i);
        threads.add(thread);
        thread.start();
      }
      double throughput = measurement.measure(received::get, () -> { });
      stopped.set(true);
      for (Thread thread : threads) {
        thread.join(10_000);
      }
      AtomicLong owed = presettled ? sent : accepted;
      Measurement.drain(() -> presettled || accepted.get() + refused.get() == sent.get(), received::get, owed::get);
      return new Result("hop (JMS)", target.name(), producers + " producers, 1 consumer, " + Probe.BODY_BYTES
          + " B, " + (presettled ? "presettled" : "at-least-once"), throughput, 0, 0, 0, sent.get(), received.get(),
          Math.max(0, owed.get() - received.get()), 0, measurement.serverCores(),
          measurement.peakResident(), "qpid-jms client");
    } finally {
      for (Connection connection : connections) {
        connection.close();
      }
    }
  }
}
