/**
 * Keep-alive connection pools for the outbound transport, one set per relying party. A warm
 * sign-in makes one or two requests to the same IdP, so reusing the connection saves a TCP
 * (and, in production, TLS) handshake on the hot path.
 *
 * Reuse must not weaken the SSRF rules. The address check lives in the socket's DNS `lookup`
 * hook, which runs once, when a socket is created; so a pooled socket was already checked
 * against the address it is connected to (and that address cannot change). Sockets created with
 * the check and without it (exempt hosts, development) live in separate agents, so a request
 * that needs the check can never be handed a socket that skipped it.
 */
import http from "node:http";
import https from "node:https";
import type net from "node:net";

export interface OutboundAgentOptions {
  /**
   * Per host:port, across every connection on that host. Only a backstop: each SSO connection's
   * own bulkhead (bulkhead.ts) bounds its share, so this must stay well above one bulkhead or a
   * few slow tenants would again fill the pool for everyone on the host.
   */
  maxSockets: number;
  maxFreeSockets: number;
  /**
   * Idle sockets are closed after this long. Well under common IdP / load balancer idle timeouts
   * (typically 60 s or more), so we close first instead of writing into a connection the server
   * is closing. Node shortens it further when the server announces `Keep-Alive: timeout=N`.
   */
  freeSocketTimeoutMs: number;
}

export const DEFAULT_AGENT_OPTIONS: OutboundAgentOptions = { maxSockets: 256, maxFreeSockets: 16, freeSocketTimeoutMs: 15_000 };

export interface OutboundAgents {
  /** The pool for a request. `checked` = sockets whose resolved address went through `checkedLookup`. */
  agentFor(protocol: string, checked: boolean): http.Agent;
  /** Closes every pooled and in-flight socket. Later requests open (and pool) new ones. */
  destroy(): void;
}

export function createOutboundAgents(
  checkedLookup: net.LookupFunction,
  options: OutboundAgentOptions = DEFAULT_AGENT_OPTIONS,
): OutboundAgents {
  // Created lazily: a development relying party never needs the checked pools.
  const agents = new Map<string, http.Agent>();

  function create(protocol: string, checked: boolean): http.Agent {
    const agentOptions: https.AgentOptions = {
      keepAlive: true,
      maxSockets: options.maxSockets,
      maxFreeSockets: options.maxFreeSockets,
      // For an Agent, `timeout` is what closes idle pooled sockets (and Node's server-hint logic
      // only ever lowers it, so it must be set: 0 would mean "idle forever").
      timeout: options.freeSocketTimeoutMs,
      // Most recently used first: the socket least likely to have been closed by the server.
      scheduling: "lifo",
      // Set on the agent, not the request: agent options take precedence over request options,
      // so every socket this agent creates runs the check.
      ...(checked ? { lookup: checkedLookup } : {}),
    };
    // Idle pooled sockets are unref'd by Node, so a relying party that is never closed does not
    // keep the process alive.
    return protocol === "https:" ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
  }

  return {
    agentFor(protocol, checked) {
      const key = `${protocol}${checked ? "checked" : "unchecked"}`;
      let agent = agents.get(key);
      if (!agent) {
        agent = create(protocol, checked);
        agents.set(key, agent);
      }
      return agent;
    },
    destroy() {
      for (const agent of agents.values()) agent.destroy();
    },
  };
}
