package dev.barker.manifold.management;

import dev.barker.manifold.Delivery;
import dev.barker.manifold.engine.Admission;
import dev.barker.manifold.engine.AmqpReceiver;
import dev.barker.manifold.engine.AmqpSender;
import dev.barker.manifold.engine.MessageCodec;
import dev.barker.manifold.engine.Principal;
import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.codec.DecodeException;
import org.apache.qpid.proton.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's management node ({@link Management} describes the protocol): it takes requests on
 * links peers attach to {@code $management}, runs the handler registered for their type and
 * operation (once the requester's roles allow it, when the service has access rules) and answers
 * on the requester's dynamic reply link. A handler returns the response body, or a future of it,
 * or throws {@link ManagementException}. Runs on the service's context.
 */
public final class ManagementNode {

  private static final Logger LOG = LoggerFactory.getLogger(ManagementNode.class);
  /** Replies a requester that grants no credit may have waiting; more requests are refused. */
  private static final int MAX_WAITING_REPLIES = 64;
  private static final int REQUEST_WINDOW = 16;

  private record Operation(String role, Function<ManagementRequest, Object> handler) {
  }

  private final boolean secured;
  private final Map<String, Operation> operations = new HashMap<>();
  private final Map<String, ReplyLink> replyLinks = new HashMap<>();
  private long replyLinksMade;

  /** A node that checks roles when {@code secured} (the service has access rules), and lets anyone do anything otherwise. */
  public ManagementNode(boolean secured) {
    this.secured = secured;
  }

  /**
   * Serves {@code operation} on things of {@code type} with {@code handler}, for principals with
   * {@code role} ({@link Management#VIEWER}, {@link Management#ADMIN}; null: anyone logged in).
   */
  public ManagementNode operation(String type, String operation, String role, Function<ManagementRequest, Object> handler) {
    operations.put(key(type, operation), new Operation(role, handler));
    return this;
  }

  /** True for a link a peer opened to send requests here. */
  public static boolean isRequestLink(AmqpReceiver link) {
    return Admission.isManagement(link.address());
  }

  /** True for a link a peer opened to receive replies: one with a dynamic source. */
  public static boolean isReplyLink(AmqpSender link) {
    return link.isDynamic();
  }

  /** Takes a link a peer opened to send requests. */
  public void serveRequests(AmqpReceiver link) {
    link.handler(delivery -> onRequest(link, delivery)).window(REQUEST_WINDOW);
    link.open();
  }

  /** Takes a dynamic link a peer opened to receive replies, and names its node. */
  public void serveReplies(AmqpSender link) {
    String address = Management.ADDRESS + ".replies." + ++replyLinksMade;
    ReplyLink replies = new ReplyLink(link);
    replyLinks.put(address, replies);
    link.sendableHandler(l -> replies.flush()).closeHandler(condition -> replyLinks.remove(address));
    link.openDynamic(address);
  }

  private void onRequest(AmqpReceiver link, Delivery delivery) {
    Message request;
    try {
      request = delivery.message();
    } catch (DecodeException e) {
      delivery.reject(new ErrorCondition(AmqpError.DECODE_ERROR, "not an AMQP message: " + e.getMessage()));
      return;
    }
    ReplyLink replies = request.getReplyTo() == null ? null : replyLinks.get(request.getReplyTo());
    if (replies == null) {
      delivery.reject(new ErrorCondition(AmqpError.INVALID_FIELD, "reply-to " + request.getReplyTo() + " names no reply "
          + "link of this service: attach a receiver with a dynamic source here, and use the address it is given"));
      return;
    }
    if (replies.waiting.size() >= MAX_WAITING_REPLIES) {
      delivery.reject(new ErrorCondition(AmqpError.RESOURCE_LIMIT_EXCEEDED, MAX_WAITING_REPLIES
          + " replies already wait for credit on " + request.getReplyTo()));
      return;
    }
    Map<String, Object> properties = properties(request);
    String type = String.valueOf(properties.get(Management.TYPE));
    String operationName = String.valueOf(properties.get(Management.OPERATION));
    Operation operation = operations.get(key(type, operationName));
    Principal principal = link.connection().principal();
    if (operation != null && secured && (principal == null || operation.role() != null
        && !principal.roles().contains(operation.role()))) {
      String who = principal == null ? "an anonymous peer" : principal.name() + " (roles " + new TreeSet<>(principal.roles()) + ")";
      delivery.reject(new ErrorCondition(AmqpError.UNAUTHORIZED_ACCESS, who + " may not " + operationName + " " + type
          + (operation.role() == null ? ": log in first" : ": it needs the " + operation.role() + " role")));
      return;
    }
    delivery.accept();
    if (operation == null) {
      replies.send(response(request, 501, "no " + operationName + " of " + type + " here; this service offers: "
          + new TreeSet<>(operations.keySet()), null));
      return;
    }
    answer(request, replies, operation, new ManagementRequest(operationName, type,
        properties.get(Management.NAME) == null ? null : String.valueOf(properties.get(Management.NAME)),
        arguments(request), principal, link.connection().peer()));
  }

  private void answer(Message request, ReplyLink replies, Operation operation, ManagementRequest asked) {
    Future<Object> result;
    try {
      Object body = operation.handler().apply(asked);
      result = body instanceof Future<?> future ? future.map(done -> (Object) done) : Future.succeededFuture(body);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(done -> {
      if (done.succeeded()) {
        replies.send(response(request, 200, "OK", done.result()));
      } else if (done.cause() instanceof ManagementException refused) {
        replies.send(response(request, refused.status(), refused.getMessage(), null));
      } else {
        LOG.warn("management {} {} {} failed", asked.operation(), asked.type(), asked.name(), done.cause());
        replies.send(response(request, 500, "it failed here; the service's log says why", null));
      }
    });
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> arguments(Message request) {
    if (request.getBody() instanceof AmqpValue value && value.getValue() instanceof Map<?, ?> map) {
      Map<String, Object> arguments = new LinkedHashMap<>();
      ((Map<Object, Object>) map).forEach((key, argument) -> arguments.put(String.valueOf(key), argument));
      return arguments;
    }
    return Map.of();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> properties(Message request) {
    ApplicationProperties properties = request.getApplicationProperties();
    return properties == null || properties.getValue() == null ? Map.of() : properties.getValue();
  }

  private static byte[] response(Message request, int status, String description, Object body) {
    Message response = Message.Factory.create();
    response.setAddress(request.getReplyTo());
    response.setCorrelationId(request.getMessageId() != null ? request.getMessageId() : request.getCorrelationId());
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put(Management.STATUS_CODE, status);
    properties.put(Management.STATUS_DESCRIPTION, description);
    response.setApplicationProperties(new ApplicationProperties(properties));
    response.setBody(new AmqpValue(body));
    return MessageCodec.encode(response);
  }

  private static String key(String type, String operation) {
    return operation + " " + type;
  }

  /** A requester's reply link, and the replies waiting for its credit. */
  private static final class ReplyLink {
    private final AmqpSender link;
    private final Deque<byte[]> waiting = new ArrayDeque<>();

    ReplyLink(AmqpSender link) {
      this.link = link;
    }

    void send(byte[] reply) {
      waiting.add(reply);
      flush();
    }

    void flush() {
      while (!waiting.isEmpty() && link.isSendable()) {
        link.sendPresettled(waiting.poll());
      }
    }
  }
}
