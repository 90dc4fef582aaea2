/*
 * The keys of a dashboard row, named once for the page: an agent's report (AgentReport.java names
 * the same keys on the Java side) plus what the monitor adds (ServiceStatus.java), and the keys of
 * the monitor's published map (Monitor.java).
 */
const Report = Object.freeze({
  ADDRESS: 'address',
  AGENT: 'agent',
  TYPE: 'type',
  PID: 'pid',
  TIMESTAMP: 'timestamp',
  INCOMING_COUNT: 'incoming_count',
  OUTGOING_COUNT: 'outgoing_count',
  HEAP_USED: 'heap_used',
  MEMORY_USED: 'memory_used',
  MEMORY_LIMIT: 'memory_limit',
  MANIFOLD_MESSAGES: 'manifold_messages',
  MANIFOLD_BACKLOG: 'manifold_backlog',
  NAME: 'name',
  INSTANCE: 'instance',
  UP: 'up',
  ROLE: 'role',
  RESTARTS: 'restarts',
  DOWN_SINCE: 'down_since',
  SERVICES: 'services',
  ALERTS: 'alerts'
});
