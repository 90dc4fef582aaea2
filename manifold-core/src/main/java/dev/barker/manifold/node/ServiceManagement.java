package dev.barker.manifold.node;

import dev.barker.manifold.engine.AmqpConnection;
import dev.barker.manifold.engine.AmqpListener;
import dev.barker.manifold.management.Management;
import dev.barker.manifold.management.ManagementNode;
import dev.barker.manifold.management.ManagementRequest;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every service's management node answers: {@code READ service} (what it is, whether it is
 * ready and why not; anyone logged in) and {@code QUERY connection} (its connections: peer, login,
 * since when, links; viewers).
 */
final class ServiceManagement {

  /** Type: the service itself. */
  static final String SERVICE = "service";
  /** Type: a connection to it. */
  static final String CONNECTION = "connection";

  private final Service service;
  private final AmqpListener listener;

  ServiceManagement(Service service, AmqpListener listener) {
    this.service = service;
    this.listener = listener;
  }

  void addTo(ManagementNode node) {
    node.operation(SERVICE, Management.READ, null, this::readService)
        .operation(CONNECTION, Management.QUERY, Management.VIEWER, this::queryConnections);
  }

  private Map<String, Object> readService(ManagementRequest request) {
    List<String> problems = service.notReadyBecause();
    Map<String, Object> read = new LinkedHashMap<>();
    read.put("type", service.type());
    read.put("address", service.address().toString());
    read.put("listener", service.host() + ":" + service.port());
    read.put("pid", ProcessHandle.current().pid());
    read.put("started", ManagementFactory.getRuntimeMXBean().getStartTime());
    read.put("ready", problems.isEmpty());
    read.put("problems", problems);
    return read;
  }

  private Map<String, Object> queryConnections(ManagementRequest request) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (AmqpConnection connection : listener.connections()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("peer", connection.peer());
      row.put("user", connection.principal() == null ? null : connection.principal().name());
      row.put("container", connection.remoteContainer());
      row.put("since", connection.createdAtMillis());
      row.put("links", connection.linkCount());
      rows.add(row);
    }
    return Map.of("total", rows.size(), "connections", rows);
  }
}
