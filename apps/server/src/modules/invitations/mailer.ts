import type { Role } from '@sentia/contracts/common';

/** An invitation e-mail: who is invited, by whom, and the single-use link that creates their account. */
export interface InvitationMessage {
  to: string;
  name: string;
  role: Role;
  acceptUrl: string;
  expiresAt: Date;
  invitedBy: string;
}

/**
 * Where an e-mail vendor plugs in (SMTP, SES, Postmark …): implement this and pass it to createApp as `mailer`.
 * `channel` names it in API answers; `sendInvitation` resolves once the vendor accepted the message and throws when it
 * did not (the invitation still stands: the admin portal shows the link to pass on by hand).
 */
export interface Mailer {
  channel: string;
  sendInvitation(message: InvitationMessage): Promise<{ delivered: boolean }>;
}

/**
 * The default mailer while no vendor is configured: writes one log line per invitation with the recipient and expiry
 * but not the link, whose token would otherwise sit in log storage. Reports `delivered: false`, so the admin portal
 * tells the admin to pass the link on themselves.
 */
export function createLogMailer(logger: { info: (obj: object, msg: string) => void }): Mailer {
  return {
    channel: 'log',
    async sendInvitation(message) {
      const { acceptUrl, ...rest } = message;
      logger.info({ invitation: { ...rest, acceptUrl: acceptUrl.replace(/token=[^&]+/, 'token=[redacted]') } }, 'mailer: invitation not e-mailed (no mail vendor configured); the admin passes the link on');
      return { delivered: false };
    },
  };
}
