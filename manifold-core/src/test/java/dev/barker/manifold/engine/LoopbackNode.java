package dev.barker.manifold.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny in-test node: what is sent to an address is stored and accepted; a link receiving from
 * that address gets everything stored there, in order, as credit allows.
 */
final class LoopbackNode {

  final Map<String, List<byte[]>> stored = new HashMap<>();

  void serve(AmqpConnection connection) {
    connection.receiverOpenHandler(receiver -> {
      receiver.handler(delivery -> {
        stored.computeIfAbsent(receiver.address(), a -> new ArrayList<>()).add(delivery.bytes());
        delivery.accept();
      });
      receiver.window(10);
      receiver.open();
    });
    connection.senderOpenHandler(sender -> {
      int[] next = {0};
      sender.sendableHandler(s -> {
        List<byte[]> messages = stored.getOrDefault(s.address(), List.of());
        while (s.isSendable() && next[0] < messages.size()) {
          s.send(messages.get(next[0]++), outcome -> { });
        }
      });
      sender.open();
    });
  }
}
