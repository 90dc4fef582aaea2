package dev.barker.manifold.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.barker.manifold.Address;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's wire form is SPEC section 9's: pinned here, the one place that spells the keys out. */
class AgentReportTest {

  @Test
  void keysAreTheOnesTheSpecNames() {
    assertEquals(List.of("address", "agent", "type", "timestamp", "pid", "command", "incoming_count",
        "outgoing_count", "incoming_rate", "outgoing_rate", "manifold_messages", "manifold_streams",
        "manifold_depth", "manifold_backlog", "manifold_last_idle", "manifold_max_idle"),
        List.of(AgentReport.ADDRESS, AgentReport.AGENT, AgentReport.TYPE, AgentReport.TIMESTAMP, AgentReport.PID,
            AgentReport.COMMAND, AgentReport.INCOMING_COUNT, AgentReport.OUTGOING_COUNT, AgentReport.INCOMING_RATE,
            AgentReport.OUTGOING_RATE, AgentReport.MANIFOLD_MESSAGES, AgentReport.MANIFOLD_STREAMS,
            AgentReport.MANIFOLD_DEPTH, AgentReport.MANIFOLD_BACKLOG, AgentReport.MANIFOLD_LAST_IDLE,
            AgentReport.MANIFOLD_MAX_IDLE));
  }

  @Test
  void anAgentAddressNamesItsInstanceAndReadsBack() {
    Address agent = AgentReport.addressOf(Address.parse("//127.0.0.1/directory"), "127.0.0.1", 5680);
    assertEquals("//127.0.0.1/agents/127.0.0.1-5680", agent.toString());
    assertTrue(AgentReport.isAgentPath(agent.path()));
    assertFalse(AgentReport.isAgentPath("/agentsX"));
    assertEquals("127.0.0.1:5680", AgentReport.instanceOf(agent.path()));
  }
}
