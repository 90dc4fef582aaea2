package dev.barker.manifold.link;

import dev.barker.manifold.engine.AmqpConnection;
import dev.barker.manifold.engine.AmqpReceiver;
import dev.barker.manifold.engine.AmqpSender;
import dev.barker.manifold.engine.MessageCodec;
import dev.barker.manifold.management.Management;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.message.Message;

/**
 * Asks one service's management node ({@link Management} describes the protocol) over the
 * linker's connection to its {@code host:port}: a dynamic reply link and a request link, made on
 * first use and again after the connection is lost. A request the service refuses fails with a
 * {@link DeliveryException} (e.g. {@code amqp:unauthorized-access}); one it answers succeeds with
 * the {@link Response}, whatever its status.
 *
 * <pre>{@code
 * Requester outbox = new Requester(linker, "127.0.0.1", 5800);
 * outbox.request(Management.QUERY, "stream", null, Map.of("prefix", "/outbox/r"))
 *     .onSuccess(response -> System.out.println(response.status() + " " + response.body()));
 * }</pre>
 */
public final class Requester {

  /** How long a request may wait for its response. */
  public static final long TIMEOUT_MILLIS = 10_000;

  /** A response: its status code and description, and its body (null when it has none). */
  public record Response(int status, String description, Object body) {
    /** True for status 200. */
    public boolean isOk() {
      return status == 200;
    }
  }

  private record Links(AmqpSender requests, String replyTo) {
  }

  private final Linker linker;
  private final String host;
  private final int port;
  private final Map<Object, Promise<Response>> pending = new HashMap<>();
  private Future<Links> links;
  private long requests;

  /** A requester for the management node of the service listening on {@code host:port}. */
  public Requester(Linker linker, String host, int port) {
    this.linker = linker;
    this.host = host;
    this.port = port;
  }

  /** Asks for {@code operation} on the {@code type} called {@code name} (may be null) with {@code arguments}. */
  public Future<Response> request(String operation, String type, String name, Map<String, Object> arguments) {
    Promise<Response> response = Promise.promise();
    linker.execute(() -> links().onFailure(response::tryFail).onSuccess(ready -> send(ready, response, operation, type,
        name, arguments)));
    return response.future();
  }

  private void send(Links ready, Promise<Response> response, String operation, String type, String name,
      Map<String, Object> arguments) {
    String id = "request-" + ++requests;
    Message request = Message.Factory.create();
    request.setMessageId(id);
    request.setReplyTo(ready.replyTo());
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put(Management.OPERATION, operation);
    properties.put(Management.TYPE, type);
    if (name != null) {
      properties.put(Management.NAME, name);
    }
    request.setApplicationProperties(new ApplicationProperties(properties));
    request.setBody(new AmqpValue(arguments));
    pending.put(id, response);
    long timer = linker.vertx().setTimer(TIMEOUT_MILLIS, t -> fail(id, new IllegalStateException("no response from "
        + host + ":" + port + " to " + operation + " " + type + " within " + TIMEOUT_MILLIS + " ms")));
    response.future().onComplete(done -> linker.vertx().cancelTimer(timer));
    ready.requests().send(MessageCodec.encode(request), outcome -> {
      if (!(outcome instanceof Accepted)) {
        fail(id, DeliveryException.of(host + ":" + port + "/" + Management.ADDRESS, outcome));
      }
    });
  }

  private Future<Links> links() {
    if (links == null) {
      links = linker.connection(host, port).compose(this::open);
      links.onFailure(error -> links = null);
    }
    return links;
  }

  private Future<Links> open(AmqpConnection connection) {
    AmqpReceiver replies = connection.createDynamicReceiver().window(100).handler(delivery -> {
      delivery.accept();
      Message reply = delivery.message();
      Promise<Response> response = pending.remove(reply.getCorrelationId());
      if (response != null) {
        Map<?, ?> properties = reply.getApplicationProperties() == null ? Map.of() : reply.getApplicationProperties().getValue();
        Object status = properties.get(Management.STATUS_CODE);
        response.tryComplete(new Response(status instanceof Number code ? code.intValue() : 0,
            String.valueOf(properties.get(Management.STATUS_DESCRIPTION)),
            reply.getBody() instanceof AmqpValue value ? value.getValue() : null));
      }
    });
    AmqpSender requests = connection.createSender(Management.ADDRESS);
    connection.closed().onComplete(lost -> {
      links = null;
      new HashMap<>(pending).keySet().forEach(id -> fail(id, new IllegalStateException("connection to " + host + ":"
          + port + " lost before the response")));
    });
    replies.open();
    requests.open();
    return Future.all(replies.opened(), requests.opened()).map(both -> new Links(requests, replies.remoteSourceAddress()));
  }

  private void fail(Object id, Throwable why) {
    Promise<Response> response = pending.remove(id);
    if (response != null) {
      response.tryFail(why);
    }
  }
}
