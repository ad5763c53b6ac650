import { eq, isNotNull } from "drizzle-orm";
import type { Database } from "../client";
import { sessions, ssoConnections } from "../schema";
import type { SecretBox } from "./secret-box";

/** Associated data that binds each stored secret to its row. */
export const secretContext = {
  connectionClientSecret: (connectionId: string) => `sso_connections.client_secret:${connectionId}`,
  sessionIdToken: (sessionId: string) => `sessions.id_token_hint:${sessionId}`,
};

export interface RotationResult {
  connections: number;
  sessions: number;
}

/**
 * Re-seals every stored secret under the box's current key. The box must still know the old
 * key(s); run it after deploying the new key as current and the old one as previous.
 * All-or-nothing: one transaction, so a failure leaves every secret readable as before.
 */
export async function rotateSecrets(db: Database, box: SecretBox): Promise<RotationResult> {
  return db.transaction(async (tx) => {
    const result: RotationResult = { connections: 0, sessions: 0 };
    const connections = await tx
      .select({ id: ssoConnections.id, envelope: ssoConnections.clientSecretEncrypted })
      .from(ssoConnections);
    for (const row of connections) {
      if (box.isSealedWithCurrentKey(row.envelope)) continue;
      const context = secretContext.connectionClientSecret(row.id);
      const resealed = box.seal(box.open(row.envelope, context), context);
      await tx.update(ssoConnections).set({ clientSecretEncrypted: resealed }).where(eq(ssoConnections.id, row.id));
      result.connections += 1;
    }
    const hinted = await tx
      .select({ id: sessions.id, envelope: sessions.idTokenHintEncrypted })
      .from(sessions)
      .where(isNotNull(sessions.idTokenHintEncrypted));
    for (const row of hinted) {
      if (!row.envelope || box.isSealedWithCurrentKey(row.envelope)) continue;
      const context = secretContext.sessionIdToken(row.id);
      const resealed = box.seal(box.open(row.envelope, context), context);
      await tx.update(sessions).set({ idTokenHintEncrypted: resealed }).where(eq(sessions.id, row.id));
      result.sessions += 1;
    }
    return result;
  });
}
