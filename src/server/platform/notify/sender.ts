import type { FastifyBaseLogger } from 'fastify';

/** An outbound message through SMS or WeChat. Templates keep the wording in one place per channel. */
export interface OutboundMessage {
  channel: 'sms' | 'wechat';
  /** Mobile number for SMS, openid for WeChat. */
  to: string;
  template: string;
  params: Record<string, string>;
}

/** What a real SMS or WeChat gateway implements; the default only logs. */
export interface MessageSender {
  send(message: OutboundMessage): Promise<void>;
}

/** Default sender: writes the message to the log so a developer can read verification codes. */
export class LoggingSender implements MessageSender {
  constructor(private readonly log: FastifyBaseLogger) {}
  async send(message: OutboundMessage): Promise<void> {
    this.log.info({ outbound: message }, `[${message.channel}] to ${message.to}: ${message.template}`);
  }
}

/** Keeps what was sent in memory: for tests, and for the demo console. */
export class MemorySender implements MessageSender {
  readonly sent: OutboundMessage[] = [];
  async send(message: OutboundMessage): Promise<void> {
    this.sent.push(message);
  }
}
