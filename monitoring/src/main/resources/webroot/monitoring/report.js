/*
 * The keys of a dashboard row, named once for the page: an agent's report (AgentReport.java names
 * the same keys on the Java side) plus what the monitor adds (ServiceStatus.java).
 */
const Report = Object.freeze({
  ADDRESS: 'address',
  AGENT: 'agent',
  TYPE: 'type',
  PID: 'pid',
  INCOMING_RATE: 'incoming_rate',
  OUTGOING_RATE: 'outgoing_rate',
  HEAP_USED: 'heap_used',
  MEMORY_USED: 'memory_used',
  MEMORY_LIMIT: 'memory_limit',
  MANIFOLD_MESSAGES: 'manifold_messages',
  MANIFOLD_BACKLOG: 'manifold_backlog',
  INSTANCE: 'instance',
  UP: 'up',
  ROLE: 'role',
  RESTARTS: 'restarts'
});
