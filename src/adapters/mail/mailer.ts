import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';

export interface MailAttachment {
  filename: string;
  content: Buffer | string;
  contentType: string;
}

export interface MailMessage {
  to: string;
  subject: string;
  /** The plain-text part; every message has one, for clients that show no HTML. */
  text: string;
  /** An HTML alternative of the same content (multipart/alternative with `text`). */
  html?: string;
  attachments?: MailAttachment[];
  /**
   * Stable per logical message (e.g. "order.confirmed:<orderId>"): a redelivered
   * outbox row rewrites the same file instead of adding a second one.
   */
  key: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

const from = 'Boxoffice <tickets@boxoffice.invalid>';

const envelope = (message: MailMessage): Mail.Options => ({
  from,
  to: message.to,
  subject: message.subject,
  text: message.text,
  ...(message.html ? { html: message.html } : {}),
  ...(message.attachments ? { attachments: message.attachments } : {}),
  messageId: messageId(message.key),
});

/** The embedded default: one `.eml` file per message under `dir`, written by nodemailer's stream transport. */
export function createFileMailer(dir: string): Mailer & { dir: string } {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    dir,
    async send(message) {
      const info = await transport.sendMail(envelope(message));
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, `${fileName(message.key)}.eml`), info.message as Buffer);
    },
  };
}

export function createSmtpMailer(url: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(message) {
      await transport.sendMail(envelope(message));
    },
  };
}

const fileName = (key: string): string => key.replace(/[^A-Za-z0-9._-]/g, '_');
const messageId = (key: string): string => `<${fileName(key)}@boxoffice.invalid>`;
