package dev.barker.model;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.message.Message;

/**
 * A bark: {@code user} says {@code content} (1 to 280 characters); {@code id} names it uniquely.
 * On the wire, any AMQP 1.0 client can make one: body = AMQP list {@code [user, content, id]}
 * (strings), message-id = id, creation-time set.
 */
public record Bark(String user, String content, String id) {

  /** The longest content a bark may have. */
  public static final int MAX_LENGTH = 280;
  /**
   * The largest message Barker's manifolds and bizlogic accept ({@code barker launch} sets it): the
   * longest bark, in the widest characters, with an id and timestamps, is under a third of it.
   */
  public static final int MAX_MESSAGE_SIZE = 4 * 1024;
  private static final Pattern MENTION = Pattern.compile("@([A-Za-z0-9_-]+)");
  private static final Pattern TAG = Pattern.compile("#([A-Za-z0-9_-]+)");

  /**
   * A bark, checked.
   *
   * @throws InvalidBarkException when a field is missing or the content is blank or too long
   */
  public Bark {
    if (user == null || user.isBlank()) {
      throw new InvalidBarkException("bark has no user");
    }
    if (id == null || id.isBlank()) {
      throw new InvalidBarkException("bark from " + user + " has no id");
    }
    if (content == null || content.isBlank()) {
      throw new InvalidBarkException("bark " + id + " from " + user + " has no text");
    }
    if (content.length() > MAX_LENGTH) {
      throw new InvalidBarkException("bark " + id + " from " + user + " is " + content.length()
          + " characters long, over the " + MAX_LENGTH + " allowed");
    }
  }

  /** The message that carries it. */
  public Message toMessage() {
    Message message = Message.Factory.create();
    message.setMessageId(id);
    message.setCreationTime(System.currentTimeMillis());
    message.setBody(new AmqpValue(Arrays.asList(user, content, id)));
    return message;
  }

  /**
   * The bark a message carries.
   *
   * @throws InvalidBarkException saying what is wrong with it
   */
  public static Bark fromMessage(Message message) {
    Object body = message.getBody() instanceof AmqpValue value ? value.getValue() : null;
    if (!(body instanceof List<?> fields)) {
      throw new InvalidBarkException("a bark's body must be an AMQP list [user, content, id], got "
          + (body == null ? "none" : body.getClass().getSimpleName()));
    }
    if (fields.size() != 3) {
      throw new InvalidBarkException("a bark's body must be [user, content, id], got " + fields.size() + " fields");
    }
    for (int i = 0; i < 3; i++) {
      if (fields.get(i) != null && !(fields.get(i) instanceof String)) {
        throw new InvalidBarkException("bark field " + List.of("user", "content", "id").get(i)
            + " must be a string, got " + fields.get(i).getClass().getSimpleName());
      }
    }
    return new Bark((String) fields.get(0), (String) fields.get(1), (String) fields.get(2));
  }

  /** The users it @mentions, in order, each once. */
  public Set<String> mentions() {
    return matches(MENTION);
  }

  /** The #tags it carries, in order, each once. */
  public Set<String> tags() {
    return matches(TAG);
  }

  private Set<String> matches(Pattern pattern) {
    Set<String> found = new LinkedHashSet<>();
    Matcher matcher = pattern.matcher(content);
    while (matcher.find()) {
      found.add(matcher.group(1));
    }
    return found;
  }
}
